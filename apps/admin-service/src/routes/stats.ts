import { Stats, StatsQuery } from '@vivier/contracts';
import type { Service } from '@vivier/service-kit';
import type { StatsService } from '../services/stats-service';

export async function statsRoutes(app: Service, { stats }: { stats: StatsService }) {
  app.get('/api/admin/stats', { schema: { querystring: StatsQuery, response: { 200: Stats } } }, (request) =>
    stats.getStats(request.query),
  );
}
