import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { GroupsEditor } from '../../../src/components/admin/groups-editor';

export const generateMetadata = adminMetadata('groups');

export default function Page() {
  return <GroupsEditor />;
}
