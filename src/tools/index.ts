/**
 * `plugboard/tools`: the library behind `plugboard doctor`, `check` and `show`. Kept out of the main
 * entry because hosts that only discover and load plugins should not pay for it at import time
 * (issue: `import 'plugboard'` costs at most 8 ms over bare node).
 */
export { type CheckOptions, type CheckProblem, type CheckReport, checkPackage } from './check.js';
export {
  doctor,
  type DoctorReport,
  type ExplainOptions,
  type Explanation,
  explainPackage,
  type ExportDescription,
  describeExport,
  type Finding,
  type PolicyOptions,
} from './doctor.js';
export { loadForTool, TOOL_LOAD_TIMEOUT } from './load.js';
export { HostNotFoundError, ScaffoldError } from './errors.js';
export { type DeclaringHostsOptions, declaredGroupTypos, declaringHosts, findPackage } from './declaring-hosts.js';
export { hostForScaffold, type ScaffoldHost, type ScaffoldOptions, scaffold } from './scaffold.js';
export { type Provenance, provenance } from './provenance.js';
export {
  acceptedBy,
  evaluateHost,
  type HostEvaluation,
  type HostOptions,
  type HostPosition,
  locateHost,
} from './host.js';
