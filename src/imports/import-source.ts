/** The source an import's facts carry (pure): what the upload named, else `credit-china` for the credit lists and `import` for the rest. */
export function importSource(kind: string, named: string | null | undefined): string {
  return named || (kind === 'credit-lists' ? 'credit-china' : 'import');
}
