/** The background job kind of the forecast. */
export const FORECAST_JOB = 'report-forecast';
