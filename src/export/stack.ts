/**
 * The stack the generated artifacts pin, in one place. The skeletons are type-checked and booted
 * against these exact versions in Seam's own tests (they are Seam's dev dependencies).
 */
export const VERSIONS = {
  fastify: '5.12.8',
  promClient: '15.1.3',
  typescript: '5.9.3',
  typesNode: '20.19.43',
} as const;

export const IMAGES = {
  node: 'node:20-alpine',
  postgres: 'postgres:16-alpine',
  nginx: 'nginx:1.27-alpine',
  kong: 'kong:3.9',
  envoy: 'envoyproxy/envoy:v1.32-latest',
} as const;

/** Every service listens here inside its container; the gateway listens on GATEWAY_PORT. */
export const SERVICE_PORT = 3000;
export const MONOLITH_PORT = 3000;
export const GATEWAY_PORT = 8080;
/** The monolith already knows sessions: until an identity service exists it answers the gateway's auth checks. */
export const AUTH_HOOK_URL = `http://monolith:${MONOLITH_PORT}/internal/auth/check`;

export function envName(slug: string, suffix: string): string {
  return `${slug.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_${suffix}`;
}
