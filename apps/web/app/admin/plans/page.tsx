import { PlansEditor } from '../../../src/components/admin/plans-editor';

export const metadata = { title: 'Plans · Admin' };

export default function Page() {
  return <PlansEditor />;
}
