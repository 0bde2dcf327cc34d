/**
 * Exporter `gateway`: the strangler-fig routing of every phase for three gateways:
 * - nginx (gateway/nginx/phase-<k>.conf, an http-level include: `conf.d/` in the official image);
 * - Kong declarative config in decK format (gateway/kong/phase-<k>.yaml);
 * - Envoy static bootstrap (gateway/envoy/phase-<k>.yaml).
 * Per route group (one per service, plus the monolith): a rate limit and, for services, an auth
 * hook (nginx auth_request, Envoy ext_authz, Kong jwt); the monolith keeps doing its own auth.
 * Routes are matched by method and anchored path regex, most specific first; anything unknown
 * goes to the monolith. Backends are resolved at request time, so a config loads (and
 * `nginx -t` passes) before the services exist.
 */
import type { Artifact, GatewayPhase, GatewayRoute, JsonValue, MigrationPlan, RouteGroup } from '../shared/plan.js';
import { MONOLITH } from '../shared/plan.js';
import { pushTo } from '../plan/index.js';
import { AUTH_HOOK_URL, GATEWAY_PORT, MONOLITH_PORT, SERVICE_PORT } from './stack.js';
import { md, mdCode, nginxString } from './text.js';
import { isServablePath, unknownRoutes } from './unknown-routes.js';
import { toYaml } from './yaml.js';

/** The routes a phase can route exactly: a path with an unknown part stays on the monolith's default. */
function routable(phase: GatewayPhase): GatewayRoute[] {
  return phase.routes.filter((r) => isServablePath(r.path));
}

const ALL_METHODS = '[A-Z]+';

function backend(group: RouteGroup, plan: MigrationPlan): { host: string; port: number } {
  const s = group.service ? plan.services.find((x) => x.id === group.service) : undefined;
  return s ? { host: s.slug, port: SERVICE_PORT } : { host: MONOLITH, port: MONOLITH_PORT };
}

function phaseHeader(plan: MigrationPlan, phase: GatewayPhase): string[] {
  const names = phase.services.map((id) => plan.services.find((s) => s.id === id)?.slug ?? id);
  return [
    `Seam ${plan.tool.version}: gateway for ${plan.root}, phase ${phase.index} of ${plan.gateway.phases.length}.`,
    `Served by the new services: ${names.join(', ')}. Everything else: the monolith.`,
  ];
}

function zone(group: string): string {
  return `seam_${group.replace(/-/g, '_')}`;
}

// nginx ------------------------------------------------------------------------------------------

function nginxPhase(plan: MigrationPlan, phase: GatewayPhase): string {
  const groups = plan.gateway.groups;
  const routes = routable(phase);
  const active = new Set([MONOLITH, ...routes.filter((r) => r.service !== MONOLITH).map((r) => r.group)]);
  const used = groups.filter((g) => active.has(g.id));
  const L: string[] = [];
  L.push(...phaseHeader(plan, phase).map((h) => `# ${h.replace(/[\r\n]+/g, ' ')}`));
  L.push('# Include inside http { } (the official image includes /etc/nginx/conf.d/*.conf there).', '');
  L.push('# A request id the client sent is kept (so one id follows a request through every hop); else nginx makes one.');
  L.push('map $http_x_request_id $seam_request_id {', '    default $http_x_request_id;', '    "" $request_id;', '}', '');
  L.push(`log_format seam_json escape=json '{"@timestamp":"$time_iso8601","http.request.method":"$request_method","url.path":"$uri","http.response.status_code":"$status","event.duration_s":"$request_time","seam.route_group":"$seam_group","upstream":"$upstream_addr","request_id":"$seam_request_id"}';`, '');
  L.push('# Which route group a request belongs to: method and path, most specific route first.');
  L.push('# $request_uri (as the client sent it, which is also what is proxied) rather than $uri: it is the');
  L.push('# same in the auth subrequest, so routing and the auth decision cannot disagree.');
  L.push('map "$request_method $request_uri" $seam_group {', `    default ${MONOLITH};`);
  for (const r of routes) {
    const method = r.method === 'ALL' ? ALL_METHODS : r.method;
    L.push(`    ${nginxString(`~^${method} ${r.pattern.slice(1, -1)}(?:\\?.*)?$`)} ${r.group};`);
  }
  L.push('}', '');
  L.push('# Where each group is served (resolved at request time through the resolver below).');
  L.push('map $seam_group $seam_backend {', `    default http://${MONOLITH}:${MONOLITH_PORT};`);
  for (const g of used) if (g.id !== MONOLITH) { const b = backend(g, plan); L.push(`    ${g.id} http://${b.host}:${b.port};`); }
  L.push('}', '');
  L.push('# Groups behind the auth hook (1); the monolith keeps its own auth (0).');
  L.push('map $seam_group $seam_auth {', '    default 0;');
  for (const g of used) if (g.auth === 'hook') L.push(`    ${g.id} 1;`);
  L.push('}', '');
  L.push('map $seam_group $seam_auth_hook {', `    default ${AUTH_HOOK_URL};`, '}', '');
  L.push('# Rate limit per client address and route group: the key is empty (not counted) outside the group.');
  for (const g of used) {
    L.push(`map $seam_group $${zone(g.id)}_key {`, '    default "";', `    ${g.id} $binary_remote_addr;`, '}');
    L.push(`limit_req_zone $${zone(g.id)}_key zone=${zone(g.id)}:10m rate=${g.rateLimit.requestsPerSecond}r/s;`);
  }
  L.push('');
  L.push('server {', `    listen ${GATEWAY_PORT};`, '    access_log /dev/stdout seam_json;');
  L.push("    # Docker's embedded DNS; in Kubernetes use the cluster DNS (kube-dns.kube-system.svc.cluster.local).");
  L.push('    resolver 127.0.0.11 valid=10s ipv6=off;', '    client_max_body_size 10m;', '');
  L.push('    location = /_seam/healthz {', '        access_log off;', '        default_type text/plain;', '        return 200 "ok\\n";', '    }', '');
  L.push('    location = /_seam/auth {', '        internal;', '        if ($seam_auth = 0) {', '            return 204;', '        }');
  L.push('        proxy_pass $seam_auth_hook;', '        proxy_pass_request_body off;', '        proxy_set_header Content-Length "";');
  L.push('        proxy_set_header X-Original-URI $request_uri;', '        proxy_set_header X-Original-Method $request_method;', '        proxy_set_header X-Seam-Route-Group $seam_group;', '    }', '');
  L.push('    location / {', '        auth_request /_seam/auth;');
  for (const g of used) L.push(`        limit_req zone=${zone(g.id)} burst=${g.rateLimit.burst} nodelay;`);
  L.push('        limit_req_status 429;');
  L.push('        proxy_set_header Host $host;', '        proxy_set_header X-Request-Id $seam_request_id;', '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '        proxy_set_header X-Forwarded-Proto $scheme;');
  L.push('        proxy_pass $seam_backend;', '    }', '}', '');
  return L.join('\n');
}

// Kong (decK) ------------------------------------------------------------------------------------

function kongRouteName(r: GatewayRoute, i: number): string {
  return `${r.group}-${String(i + 1).padStart(3, '0')}-${r.method.toLowerCase()}`;
}

function kongPhase(plan: MigrationPlan, phase: GatewayPhase): string {
  const routes = routable(phase);
  const n = routes.length;
  const byGroup = new Map<string, { r: GatewayRoute; i: number }[]>();
  routes.forEach((r, i) => pushTo(byGroup, r.group, { r, i }));
  const services: JsonValue[] = [];
  for (const g of plan.gateway.groups) {
    const routes = byGroup.get(g.id) ?? [];
    if (routes.length === 0 && g.id !== MONOLITH) continue;
    const b = backend(g, plan);
    const kongRoutes: JsonValue[] = routes.map(({ r, i }) => ({
      name: kongRouteName(r, i),
      ...(r.method === 'ALL' ? {} : { methods: [r.method] }),
      paths: [`~${r.pattern}`],
      regex_priority: n - i,
      strip_path: false,
      preserve_host: true,
    }));
    if (g.id === MONOLITH) kongRoutes.push({ name: `${MONOLITH}-default`, paths: ['/'], strip_path: false, preserve_host: true });
    const plugins: JsonValue[] = [{ name: 'rate-limiting', config: { second: g.rateLimit.requestsPerSecond, limit_by: 'ip', policy: 'local' } }];
    if (g.auth === 'hook') plugins.push({ name: 'jwt', config: { claims_to_verify: ['exp'], key_claim_name: 'iss' } });
    services.push({ name: g.id, url: `http://${b.host}:${b.port}`, tags: ['seam', `phase-${phase.index}`], routes: kongRoutes, plugins });
  }
  return toYaml({ _format_version: '3.0', services }, [
    ...phaseHeader(plan, phase),
    'decK format: deck gateway sync <file>. Auth hook: the jwt plugin on every service group (declare consumers and credentials);',
    'the monolith group keeps its own auth. Rate limits: per client address and group (policy local: per Kong node).',
  ]);
}

// Envoy ------------------------------------------------------------------------------------------

const EXT_AUTHZ = 'envoy.filters.http.ext_authz';
const LOCAL_RATELIMIT = 'envoy.filters.http.local_ratelimit';

function rateLimit(g: RouteGroup): JsonValue {
  return {
    '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
    stat_prefix: `rl_${g.id.replace(/-/g, '_')}`,
    token_bucket: { max_tokens: g.rateLimit.burst, tokens_per_fill: g.rateLimit.requestsPerSecond, fill_interval: '1s' },
    filter_enabled: { runtime_key: 'seam_rl_enabled', default_value: { numerator: 100, denominator: 'HUNDRED' } },
    filter_enforced: { runtime_key: 'seam_rl_enforced', default_value: { numerator: 100, denominator: 'HUNDRED' } },
  };
}

function authPerRoute(g: RouteGroup): JsonValue {
  return g.auth === 'hook'
    ? { '@type': 'type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute', check_settings: { context_extensions: { route_group: g.id } } }
    : { '@type': 'type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute', disabled: true };
}

function cluster(name: string, host: string, port: number): JsonValue {
  return {
    name,
    type: 'STRICT_DNS',
    connect_timeout: '1s',
    lb_policy: 'ROUND_ROBIN',
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: host, port_value: port } } } }] }] },
  };
}

function envoyPhase(plan: MigrationPlan, phase: GatewayPhase): string {
  const groups = new Map(plan.gateway.groups.map((g) => [g.id, g]));
  const monolith = groups.get(MONOLITH)!;
  const exact = routable(phase);
  const routes: JsonValue[] = exact.map((r) => {
    const g = groups.get(r.group)!;
    return {
      name: `${r.group}:${r.method} ${r.path}`,
      match: { safe_regex: { regex: r.pattern }, ...(r.method === 'ALL' ? {} : { headers: [{ name: ':method', string_match: { exact: r.method } }] }) },
      route: { cluster: g.id, timeout: '15s' },
      typed_per_filter_config: { [EXT_AUTHZ]: authPerRoute(g), [LOCAL_RATELIMIT]: rateLimit(g) },
    };
  });
  routes.push({ name: `${MONOLITH}:default`, match: { prefix: '/' }, route: { cluster: MONOLITH, timeout: '15s' }, typed_per_filter_config: { [EXT_AUTHZ]: authPerRoute(monolith), [LOCAL_RATELIMIT]: rateLimit(monolith) } });
  const used = plan.gateway.groups.filter((g) => g.id === MONOLITH || exact.some((r) => r.group === g.id));
  const hook = new URL(AUTH_HOOK_URL);
  const config: JsonValue = {
    static_resources: {
      listeners: [
        {
          name: 'seam_gateway',
          address: { socket_address: { address: '0.0.0.0', port_value: GATEWAY_PORT } },
          filter_chains: [
            {
              filters: [
                {
                  name: 'envoy.filters.network.http_connection_manager',
                  typed_config: {
                    '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                    stat_prefix: 'seam_gateway',
                    generate_request_id: true,
                    access_log: [
                      {
                        name: 'envoy.access_loggers.stdout',
                        typed_config: {
                          '@type': 'type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog',
                          log_format: { json_format: { '@timestamp': '%START_TIME%', 'http.request.method': '%REQ(:METHOD)%', 'url.path': '%REQ(:PATH)%', 'http.response.status_code': '%RESPONSE_CODE%', 'event.duration_ms': '%DURATION%', upstream: '%UPSTREAM_CLUSTER%', request_id: '%REQ(X-REQUEST-ID)%' } },
                        },
                      },
                    ],
                    route_config: { name: `seam_phase_${phase.index}`, virtual_hosts: [{ name: 'all', domains: ['*'], routes }] },
                    http_filters: [
                      {
                        name: EXT_AUTHZ,
                        typed_config: {
                          '@type': 'type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz',
                          transport_api_version: 'V3',
                          failure_mode_allow: false,
                          http_service: { server_uri: { uri: AUTH_HOOK_URL, cluster: 'auth_hook', timeout: '0.5s' }, path_prefix: hook.pathname },
                        },
                      },
                      { name: LOCAL_RATELIMIT, typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit', stat_prefix: 'seam_local_rate_limit' } },
                      { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: [...used.map((g) => { const b = backend(g, plan); return cluster(g.id, b.host, b.port); }), cluster('auth_hook', hook.hostname, Number(hook.port))],
    },
  };
  return toYaml(config, [...phaseHeader(plan, phase), 'Envoy v3 static bootstrap: envoy -c <file>. Auth hook: ext_authz per service group; rate limits: local token buckets per group (per Envoy instance).']);
}

function readme(plan: MigrationPlan): string {
  const name = (id: string): string => plan.services.find((s) => s.id === id)?.name ?? id;
  const L = [`# Gateway phases for ${md(plan.root)}`, '', 'Strangler fig: phase k sends the routes of the services extracted in waves 1..k to them and everything else to the monolith.', ''];
  L.push('| phase | adds | served by services | nginx | Kong (decK) | Envoy |', '|---|---|---|---|---|---|');
  for (const p of plan.gateway.phases) {
    const wave = plan.waves.find((w) => w.index === p.index);
    const routes = p.routes.filter((r) => r.service !== MONOLITH).length;
    L.push(`| ${p.index} | ${(wave?.services ?? []).map((s) => md(name(s))).join(', ')} | ${routes} routes | [nginx](nginx/phase-${p.index}.conf) | [kong](kong/phase-${p.index}.yaml) | [envoy](envoy/phase-${p.index}.yaml) |`);
  }
  L.push('', '## Route groups', '', '| group | rate limit (per client) | auth |', '|---|---|---|');
  for (const g of plan.gateway.groups) L.push(`| ${mdCode(g.id)} | ${g.rateLimit.requestsPerSecond}/s, burst ${g.rateLimit.burst} | ${g.auth === 'hook' ? 'auth hook' : 'the monolith\'s own'} |`);
  const unknown = unknownRoutes(plan);
  if (unknown.length > 0) {
    L.push('', '## Routes left to the monolith because their path is not known', '', 'Seam could not read part of these paths statically; no gateway config routes them, so the monolith keeps answering them. Find the real path, then route them by hand.', '');
    for (const u of unknown) L.push(`- ${u.method} ${mdCode(u.path)} (${mdCode(`${u.at.file}:${u.at.line}`)})`);
  }
  L.push('', `The auth hook defaults to ${mdCode(AUTH_HOOK_URL)}: the monolith already knows sessions; point it at your identity service once one exists. It gets the original method, URI and route group and answers 2xx to let a request through.`, '');
  return L.join('\n');
}

export function renderGateway(plan: MigrationPlan): Artifact[] {
  const out: Artifact[] = [{ path: 'gateway/README.md', contents: readme(plan) }];
  for (const p of plan.gateway.phases) {
    out.push({ path: `gateway/nginx/phase-${p.index}.conf`, contents: nginxPhase(plan, p) });
    out.push({ path: `gateway/kong/phase-${p.index}.yaml`, contents: kongPhase(plan, p) });
    out.push({ path: `gateway/envoy/phase-${p.index}.yaml`, contents: envoyPhase(plan, p) });
  }
  return out;
}
