/** The engine's database file in its data directory; import-dataset tells an engine's data directory by it (without loading the database driver). */
export const ENGINE_DATABASE = 'lookout.db';
