import { ProblemBanner } from '../ui/problem-banner';
import { actions, studio, useStudio } from '../store';
import { projectFileText, rawRecordText } from '../store/project-file';
import { downloadBlob } from '../steps/shared/download';

/**
 * Storage faults, shown on every view: autosave failing (storage full or gone), with a download of
 * the project so no work is lost, and a saved record that could not be restored, with its download.
 */
export function StorageNotices() {
  const saveFailure = useStudio((s) => s.saveFailure);
  const unrestored = useStudio((s) => s.unrestored);
  return (
    <>
      {saveFailure && (
        <ProblemBanner
          title={`${saveFailure.message} Download it to keep your work.`}
          hint="Your latest changes are not saved in this browser; saving is tried again at your next change. The file holds your settings, cleaning recipe, model choices and run results, not the data itself: keep your original data files."
        >
          <button type="button" onClick={() => downloadBlob(projectFileText(studio.store.getState().doc), 'ml-studio-project.json', 'application/json')}>
            Download project
          </button>
        </ProblemBanner>
      )}
      {unrestored && (
        <ProblemBanner
          title={`Your saved project could not be restored. ${unrestored.reason}`}
          hint="A new project was started. The old record is kept on this device until you dismiss this message: download it to keep it."
          onDismiss={actions.dismissUnrestored}
        >
          {unrestored.raw !== undefined && (
            <button type="button" onClick={() => downloadBlob(rawRecordText(unrestored.raw), 'ml-studio-old-record.json', 'application/json')}>
              Download the old record
            </button>
          )}
        </ProblemBanner>
      )}
    </>
  );
}
