import { PublishedPresetsEditor } from '../../../src/components/admin/published-presets-editor';

export const metadata = { title: 'Presets · Admin' };

export default function Page() {
  return <PublishedPresetsEditor />;
}
