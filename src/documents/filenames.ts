/** File-name helpers specific to uploaded documents; cleaning and Content-Disposition live in common/content-disposition. */

/** Replaces the extension with the one the bytes say (a PNG named .pdf downloads as .png). */
export function withExtension(fileName: string, extension: string): string {
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  const current = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  if (current === extension || (extension === 'jpg' && current === 'jpeg')) return fileName;
  return `${base}.${extension}`;
}
