// A feedback's files in two groups, by who added them: the citizen's photos of the problem, and the handling unit's
// documents (an answer's PDF). Files from older servers, without a source, count as the citizen's.
import type { AttachmentInfo } from '../api/types';

export const CITIZEN_FILES_TITLE = 'Ảnh của người phản ánh';
export const AGENCY_FILES_TITLE = 'Tệp của cơ quan xử lý';

export function splitBySource(files: AttachmentInfo[]): { citizen: AttachmentInfo[]; agency: AttachmentInfo[] } {
  return {
    citizen: files.filter((f) => f.source !== 'agency'),
    agency: files.filter((f) => f.source === 'agency'),
  };
}
