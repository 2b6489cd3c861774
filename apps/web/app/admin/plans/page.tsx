import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { PlansEditor } from '../../../src/components/admin/plans-editor';

export const generateMetadata = adminMetadata('plans');

export default function Page() {
  return <PlansEditor />;
}
