import { StatsView } from '../../../src/components/admin/stats-view';

export const metadata = { title: 'Usage · Admin' };

export default function Page() {
  return <StatsView />;
}
