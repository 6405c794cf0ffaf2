/** A language's messages by key (apart from i18n.ts so that the catalogues need not import it). */
export type Catalogue = Record<string, string>;
