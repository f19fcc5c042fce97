import { api, call } from '../api/client';

/**
 * One person by id (`GET /people/{id}`: names and unit), under `['user', id]` (the key the server's render of the
 * inbox fills too): for the names of people a page refers to by id, such as a delegate or the one a
 * delegate acts for. Names change rarely: kept ten minutes.
 */
export const userQuery = (id: string) => ({
  queryKey: ['user', id],
  queryFn: () => call(api.GET('/api/v1/people/{id}', { params: { path: { id } } })),
  staleTime: 600_000,
});
