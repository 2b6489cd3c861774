import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { PublishedPresetsEditor } from '../../../src/components/admin/published-presets-editor';

export const generateMetadata = adminMetadata('presets');

export default function Page() {
  return <PublishedPresetsEditor />;
}
