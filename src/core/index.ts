// The core: what every entry shares, with no Node built-in and no import of its own, so that it runs
// anywhere (plugboard/hooks reaches only this folder). The error base, the words of messages, the
// naming rules, diagnostics as data, and did-you-mean.
export { type Diagnostic, type DiagnosticCode, diagnostic } from './diagnostics.js';
export {
  describe,
  describeValue,
  type ErrorCode,
  type ErrorEntryPoint,
  PlugboardError,
  PlugboardWarning,
  printable,
  type WarningCode,
} from './errors.js';
export { checkGroup, checkName, type ParsedValue, parseValue } from './names.js';
export { didYouMean, editDistance } from './suggest.js';
