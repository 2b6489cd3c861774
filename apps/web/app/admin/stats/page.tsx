import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { StatsView } from '../../../src/components/admin/stats-view';

export const generateMetadata = adminMetadata('stats');

export default function Page() {
  return <StatsView />;
}
