import { describe, expect, it } from 'vitest';
import { isOperationalRoute, routeGroup, routeGrouping } from '../../src/decompose/route-group.js';

describe('route groups', () => {
  it('take the first segment past `api`, versions and parameters', () => {
    expect(routeGroup('/api/v1/orders/:id/items')).toBe('orders');
    expect(routeGroup('/v2/{tenant}/Invoices')).toBe('invoices');
    expect(routeGroup('/api/admin/users')).toBe('users');
  });

  it('call health checks, metrics and docs operational', () => {
    expect(['/health', '/api/metrics', '/docs/swagger.json', '/'].map(isOperationalRoute)).toEqual([true, true, true, true]);
    expect(isOperationalRoute('/api/orders')).toBe(false);
  });

  it('skip a scope every business route sits under', () => {
    const groupOf = routeGrouping([
      { path: '/orgs/:orgId' },
      { path: '/orgs/:orgId/projects' },
      { path: '/orgs/:orgId/projects/:id' },
      { path: '/orgs/:orgId/issues/:id/comments' },
      { path: '/health' },
    ]);
    expect(['/orgs/:orgId', '/orgs/:orgId/projects/:id', '/orgs/:orgId/issues/:id/comments', '/health'].map(groupOf)).toEqual(['orgs', 'projects', 'issues', undefined]);
  });

  it('keep a shared first segment that is a resource, not a scope', () => {
    const groupOf = routeGrouping([{ path: '/api/orders' }, { path: '/api/orders/:id/items' }]);
    expect(['/api/orders', '/api/orders/:id/items'].map(groupOf)).toEqual(['orders', 'orders']);
  });
});
