// Validates Kubernetes objects against the schemas of the Kubernetes API (kubernetes-models), CloudNativePG's
// CRDs (@kubernetes-models/cloudnative-pg) and Prometheus Operator's (@kubernetes-models/prometheus-operator):
// types, required fields and enum values, as those packages' validators check them, and, strictly, no field the
// schema does not have, which they do not check on their own.
//
// Usage: node validate.mjs < objects.json, a JSON array of objects. Prints a JSON array with one entry per
// object: {"kind", "name", "validated": bool, "errors": [...]}. Objects of other API groups (Strimzi's: the
// deploy module validates those itself) come back with validated false and no errors.

const SCHEMAS = {
  'v1/Namespace': 'kubernetes-models/_schemas/IoK8sApiCoreV1Namespace',
  'v1/ConfigMap': 'kubernetes-models/_schemas/IoK8sApiCoreV1ConfigMap',
  'v1/Secret': 'kubernetes-models/_schemas/IoK8sApiCoreV1Secret',
  'v1/Service': 'kubernetes-models/_schemas/IoK8sApiCoreV1Service',
  'v1/ServiceAccount': 'kubernetes-models/_schemas/IoK8sApiCoreV1ServiceAccount',
  'apps/v1/Deployment': 'kubernetes-models/_schemas/IoK8sApiAppsV1Deployment',
  'apps/v1/StatefulSet': 'kubernetes-models/_schemas/IoK8sApiAppsV1StatefulSet',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/_schemas/IoK8sApiNetworkingV1NetworkPolicy',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/_schemas/IoK8sApiNetworkingV1Ingress',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/_schemas/IoK8sApiPolicyV1PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/_schemas/IoK8sApiAutoscalingV2HorizontalPodAutoscaler',
  'postgresql.cnpg.io/v1/Cluster':
    '@kubernetes-models/cloudnative-pg/_schemas/ComGithubCloudnativePgCloudnativePgApiV1Cluster',
  'postgresql.cnpg.io/v1/Database':
    '@kubernetes-models/cloudnative-pg/_schemas/ComGithubCloudnativePgCloudnativePgApiV1Database',
  'postgresql.cnpg.io/v1/Pooler':
    '@kubernetes-models/cloudnative-pg/_schemas/ComGithubCloudnativePgCloudnativePgApiV1Pooler',
  'postgresql.cnpg.io/v1/ScheduledBackup':
    '@kubernetes-models/cloudnative-pg/_schemas/ComGithubCloudnativePgCloudnativePgApiV1ScheduledBackup',
  'monitoring.coreos.com/v1/ServiceMonitor':
    '@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1ServiceMonitor',
  'monitoring.coreos.com/v1/PodMonitor':
    '@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1PodMonitor',
  'monitoring.coreos.com/v1/PrometheusRule':
    '@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1PrometheusRule',
};

// The Barman Cloud plugin's ObjectStore has no package of its own: its spec.configuration is the
// BarmanObjectStoreConfiguration of CloudNativePG's API, which @kubernetes-models/cloudnative-pg has, and its spec
// holds only that, the retention policy and the sidecar's settings (the plugin's CRD, barmancloud.cnpg.io/v1).
const OBJECT_STORE = {
  type: 'barmancloud.cnpg.io/v1/ObjectStore',
  configuration: '@kubernetes-models/cloudnative-pg/_schemas/ComGithubCloudnativePgBarmanCloudPkgApiBarmanObjectStoreConfiguration',
  metadata: '@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta',
  spec: ['configuration', 'retentionPolicy', 'instanceSidecarConfiguration'],
};

// the API groups this script answers for: an object of one of them without a schema above is an error
const GROUPS = ['v1', 'apps/v1', 'networking.k8s.io/', 'policy/', 'autoscaling/', 'batch/', 'rbac.authorization.k8s.io/',
  'postgresql.cnpg.io/', 'monitoring.coreos.com/', 'barmancloud.cnpg.io/'];

/**
 * The object as the validator sees it, recording every field it reads. A compiled schema reads each property it
 * declares ("void 0 !== data.spec") and enumerates the keys of a map ("for (const key in data)"), so a field
 * that was neither read nor enumerated is one the schema does not have.
 */
function watched(value, path, seen) {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const read = new Set();
  let enumerated = false;
  seen.push({ path, value, read, enumerated: () => enumerated });
  const children = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        read.add(key);
        if (Object.prototype.hasOwnProperty.call(target, key)) {
          if (!children.has(key)) {
            children.set(key, watched(target[key], `${path}/${key}`, seen));
          }
          return children.get(key);
        }
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string') {
        read.add(key);
      }
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(seen) {
  const unknown = [];
  for (const { path, value, read, enumerated } of seen) {
    if (Array.isArray(value) || enumerated()) {
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!read.has(key)) {
        unknown.push(`${path}/${key}: unknown field "${key}"`);
      }
    }
  }
  return unknown;
}

async function check(module, value, path) {
  // by file, not by package name: not every package exports its _schemas
  const { validate } = await import(new URL(`./node_modules/${module}.js`, import.meta.url));
  const seen = [];
  const valid = validate(watched(value, path, seen));
  const errors = valid ? [] : validate.errors.map(error =>
    `${path}${error.instancePath || '/'}: ${error.keyword} ${JSON.stringify(error.params)}`);
  return [...errors, ...unknownFields(seen)];
}

async function validateObjectStore(object) {
  const errors = [];
  for (const key of Object.keys(object)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) {
      errors.push(`/${key}: unknown field "${key}"`);
    }
  }
  for (const key of Object.keys(object.spec ?? {})) {
    if (!OBJECT_STORE.spec.includes(key)) {
      errors.push(`/spec/${key}: unknown field "${key}"`);
    }
  }
  if (object.spec?.configuration === undefined) {
    errors.push('/spec: required {"missingProperty":"configuration"}');
  } else {
    errors.push(...await check(OBJECT_STORE.configuration, object.spec.configuration, '/spec/configuration'));
  }
  errors.push(...await check(OBJECT_STORE.metadata, object.metadata ?? {}, '/metadata'));
  return errors;
}

async function validate(object) {
  const type = `${object.apiVersion}/${object.kind}`;
  const name = object.metadata?.name;
  if (type === OBJECT_STORE.type) {
    return { kind: object.kind, name, validated: true, errors: await validateObjectStore(object) };
  }
  const module = SCHEMAS[type];
  if (!module) {
    const ours = GROUPS.some(group => group.endsWith('/') ? object.apiVersion.startsWith(group)
      : object.apiVersion === group);
    return { kind: object.kind, name, validated: false,
      errors: ours ? [`no schema known here for ${type}: add it to deploy/check/validate.mjs`] : [] };
  }
  // by file, not by package name: not every package exports its _schemas
  const { validate: check } = await import(new URL(`./node_modules/${module}.js`, import.meta.url));
  const seen = [];
  const valid = check(watched(object, '', seen));
  const errors = valid ? [] : check.errors.map(error =>
    `${error.instancePath || '/'}: ${error.keyword} ${JSON.stringify(error.params)}`);
  // apiVersion and kind are read by kustomize and the API server, not by every schema
  const unknown = unknownFields(seen).filter(field => field !== '/apiVersion: unknown field "apiVersion"'
    && field !== '/kind: unknown field "kind"');
  return { kind: object.kind, name, validated: true, errors: [...errors, ...unknown] };
}

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = [];
for (const object of objects) {
  results.push(await validate(object));
}
process.stdout.write(JSON.stringify(results, null, 1) + '\n');
