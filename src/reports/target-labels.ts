/** Catalogue labels of the reporting-target form's fields (messages name the field by these). */
export const TARGET_LABELS: Record<string, string> = {
  districtCode: 'reports.targets.area', metric: 'reports.targets.metric', year: 'reports.targets.year',
  value: 'reports.targets.value', note: 'reports.targets.note', source: 'reports.targets.source',
};
