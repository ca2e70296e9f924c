export { createFileStore, type FileRef, type FileStore, type StoredFile, type SweepResult } from './file-store.ts';
export { loadOrCreateMasterKey, parseMasterKey, MASTER_KEY_FILE, type LoadedMasterKey } from './master-key.ts';
export { masterKeyId, wrappedKeyId } from './key-wrap.ts';
export { detectMediaType, EXTENSIONS, MEDIA_TYPES, type MediaType } from './file-type.ts';
export { MAX_IMAGE_PIXELS } from './image-sanitize.ts';
export { MAX_DISPLAY_NAME_LENGTH, sanitizeDisplayName } from './upload-name.ts';
export { StorageFailure, UPLOAD_ERRORS, UploadRejection, type StorageErrorCode, type UploadErrorCode } from './upload-errors.ts';
export { fsyncDirectory } from './durable-fs.ts';
