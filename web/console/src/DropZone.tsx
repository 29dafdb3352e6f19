import { useState } from 'react';

/**
 * A file input that also takes files dropped on it. The input itself stays
 * in the page (visually styled, not hidden), so it is reachable by keyboard
 * and labelled for screen readers.
 */
export function DropZone({ id, label, multiple, files, onFiles }: { id: string; label: string; multiple?: boolean; files: File[]; onFiles(files: File[]): void }) {
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop ${over ? 'drop-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const dropped = [...e.dataTransfer.files].filter((f) => /^image\/(png|jpeg)$/.test(f.type) || /\.(png|jpe?g)$/i.test(f.name));
        onFiles(multiple ? dropped : dropped.slice(0, 1));
      }}
    >
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" accept="image/png,image/jpeg" multiple={multiple} onChange={(e) => onFiles([...(e.target.files ?? [])])} />
      <span className="muted">or drop {multiple ? 'them' : 'it'} here</span>
      {files.length > 0 && (
        <span aria-live="polite">
          {files.length} file{files.length === 1 ? '' : 's'}: {files.slice(0, 5).map((f) => f.name).join(', ')}
          {files.length > 5 ? '…' : ''}
        </span>
      )}
    </div>
  );
}
