/** Reading the `checklist` annotations a test carries (docs/architecture.md, suite conventions). */

export interface AnnotationLike {
  type: string;
  description?: string;
}

/**
 * Checklist ids declared by annotations of type `checklist`, in order, without repeats.
 * One annotation normally names one id; "GP-01, GP-02" is read as two. An annotation with no
 * description yields '' so that the guard reports it instead of ignoring it.
 */
export function checklistIdsOf(annotations: readonly AnnotationLike[]): string[] {
  const ids: string[] = [];
  for (const annotation of annotations) {
    if (annotation.type !== 'checklist') continue;
    const parts = (annotation.description ?? '').split(/[\s,]+/).filter(Boolean);
    for (const id of parts.length > 0 ? parts : ['']) {
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}
