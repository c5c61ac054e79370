// The part of js-yaml 4 the deployment tests use (no @types/js-yaml installed).
declare module 'js-yaml' {
  /** Parses one YAML document (YAML 1.2 core schema). Throws YAMLException on bad YAML. */
  export function load(text: string, options?: { filename?: string }): unknown
}
