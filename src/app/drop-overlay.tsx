import { useEffect, useState } from 'react';
import { actions } from '../store';
import { readDrop } from '../steps/upload/text-files';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/** Drag-and-drop anywhere on the page: a file dropped on any step is loaded as the dataset. */
export function DropOverlay() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const dragOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      if (!e.dataTransfer) return;
      // One file is a table (or a bundle); several files or a folder are texts (see steps/upload/text-files.ts).
      const dropped = readDrop(e.dataTransfer);
      if (dropped.kind === 'single' && /\.zip$/i.test(dropped.file.name)) void actions.importBundle(dropped.file, dropped.file.name);
      else if (dropped.kind === 'single') {
        actions.goToStep('upload');
        void actions.loadFile(dropped.file, dropped.file.name);
      } else if (dropped.kind === 'texts') {
        actions.goToStep('upload');
        void dropped.files.then(actions.offerTexts, () => actions.offerTexts([]));
      }
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', dragOver);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', dragOver);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return over ? (
    <div className="drop-overlay" aria-hidden="true">
      <div>Drop your file (or text files, or a folder) to load it</div>
    </div>
  ) : null;
}
