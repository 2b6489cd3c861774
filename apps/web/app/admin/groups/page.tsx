import { GroupsEditor } from '../../../src/components/admin/groups-editor';

export const metadata = { title: 'Groups · Admin' };

export default function Page() {
  return <GroupsEditor />;
}
