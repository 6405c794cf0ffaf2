/**
 * The part of better-sqlite3's API the operations commands use (the package ships no types and
 * @types/better-sqlite3 is not installed). TypeORM reaches the database on its own.
 */
declare module 'better-sqlite3' {
  interface Statement {
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  }
  interface BackupProgress {
    totalPages: number;
    remainingPages: number;
  }
  interface Options {
    readonly?: boolean;
    fileMustExist?: boolean;
    timeout?: number;
  }
  class Database {
    constructor(filename: string, options?: Options);
    prepare(sql: string): Statement;
    exec(sql: string): this;
    pragma(sql: string, options?: { simple?: boolean }): unknown;
    backup(destination: string, options?: { progress?: (progress: BackupProgress) => number | undefined }): Promise<BackupProgress>;
    close(): this;
  }
  export default Database;
}
