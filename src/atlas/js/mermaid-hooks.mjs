// Node module hook for the lint worker: memoizes Mermaid's getConfig().
//
// Stock getConfig() deep-copies the whole configuration (themes included) and
// the flowchart parser calls it once per vertex, so parsing a 50-node chart
// spends most of its time copying configuration. We keep one copy per
// configuration object: Mermaid replaces `currentConfig` whenever the config
// changes (reset, setConfig, directives), which invalidates the memo. The
// grammar, the parser and the diagram databases are untouched.
const NEEDLE = 'var getConfig = /* @__PURE__ */ __name(() => {\n  return assignWithDepth_default({}, currentConfig);\n}, "getConfig");';
const MEMO = 'var __atlasConfigOf, __atlasConfigCopy;\n' +
  'var getConfig = /* @__PURE__ */ __name(() => {\n' +
  '  if (__atlasConfigOf !== currentConfig) { __atlasConfigCopy = assignWithDepth_default({}, currentConfig); __atlasConfigOf = currentConfig; }\n' +
  '  return __atlasConfigCopy;\n}, "getConfig");';

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!url.includes('/mermaid/dist/chunks/mermaid.core/') || result.source == null) return result;
  const source = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source);
  if (!source.includes(NEEDLE)) return result;
  return { ...result, source: source.replace(NEEDLE, MEMO), shortCircuit: true };
}
