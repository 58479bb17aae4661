/** CSS attribute selectors with safely quoted values, for test-id filters. */
export function attr(name: string, value: string): string {
  return `[${name}="${value.replace(/["\\]/g, '\\$&')}"]`;
}

/** `base` narrowed by each defined attribute filter. */
export function withAttrs(base: string, filters: Record<string, string | undefined>): string {
  return Object.entries(filters).reduce(
    (selector, [name, value]) => (value === undefined ? selector : selector + attr(name, value)),
    base,
  );
}
