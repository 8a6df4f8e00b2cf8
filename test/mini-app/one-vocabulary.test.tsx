// @vitest-environment jsdom
// One vocabulary (issue 11): the mini app's badge, buttons, timeline and toasts take their words from
// feedback-vocabulary.ts, the same module as the bot's messages; and no retired word is left in the sources.
import { cleanup, render, screen } from '@testing-library/react';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chatbotMessages } from '../../bot-server/src/domain/chatbot/chatbot-messages';
import {
  ACTION_DONE_VI,
  ACTION_LABELS_VI,
  EVENT_LABELS_VI,
  RETIRED_WORDS,
  STATUS_LABELS_VI,
  actorDisplayName,
} from '../../bot-server/src/domain/feedback/feedback-vocabulary';
import { FEEDBACK_STATUSES } from '../../db/schema';
import { StatusBadge } from '../../mini-app/src/components/status-badge';
import { eventLabel as citizenEventLabel } from '../../mini-app/src/pages/citizen/event-labels';
import { ACTION_DONE, ACTION_LABELS, eventLabel as officerEventLabel } from '../../mini-app/src/pages/officer/feedback-actions';
import { emptyMessage } from '../../mini-app/src/pages/officer/inbox-filters';

afterEach(cleanup);

describe('one vocabulary', () => {
  it('uses the decided words', () => {
    expect(STATUS_LABELS_VI).toEqual({
      received: 'Chờ tiếp nhận',
      accepted: 'Đã tiếp nhận',
      in_progress: 'Đang xử lý',
      needs_info: 'Chờ bổ sung',
      answered: 'Đã xử lý',
      closed: 'Đã đóng',
      rejected: 'Đã từ chối',
    });
    expect(EVENT_LABELS_VI.created).toBe('Gửi phản ánh');
    expect(ACTION_DONE_VI.created).toBe('Đã gửi phản ánh');
    expect(ACTION_DONE_VI.provide_info).toBe('Đã gửi thông tin bổ sung');
    expect(EVENT_LABELS_VI.link_duplicate).toBe('Gộp vào phản ánh chính');
  });

  it('gives the badge and the bot the same word for every state', () => {
    for (const status of FEEDBACK_STATUSES) {
      render(<StatusBadge status={status} />);
      const badge = screen.getByText(STATUS_LABELS_VI[status]);
      expect(badge.className).toContain('badge');
      const reply = chatbotMessages.lookup(STATUS_LABELS_VI[status], null, null, 'PA-2026-000001');
      expect(reply).toContain(`Trạng thái: ${badge.textContent}`);
      expect(emptyMessage({ tab: 'all', status })).toContain(`“${badge.textContent}”`);
      cleanup();
    }
  });

  it('names buttons, timeline entries and toasts from the module, for citizen and officer alike', () => {
    for (const [action, label] of Object.entries(ACTION_LABELS)) {
      expect(label).toBe(ACTION_LABELS_VI[action as keyof typeof ACTION_LABELS_VI]);
      expect(ACTION_DONE[action as keyof typeof ACTION_DONE]).toBe(ACTION_DONE_VI[action as keyof typeof ACTION_DONE_VI]);
    }
    for (const type of Object.keys(EVENT_LABELS_VI)) {
      expect(citizenEventLabel(type)).toBe(EVENT_LABELS_VI[type as keyof typeof EVENT_LABELS_VI]);
      expect(officerEventLabel(type)).toBe(citizenEventLabel(type));
    }
    // The timeline credits the citizen with sending, not with accepting; the officer's step is "Tiếp nhận".
    expect(citizenEventLabel('created')).toBe('Gửi phản ánh');
    expect(citizenEventLabel('accept')).toBe(ACTION_LABELS.accept);
    expect(citizenEventLabel('something_new')).toBe('Cập nhật');
  });

  it('shows systems by role, never by the name of their token', () => {
    expect(actorDisplayName({ actorLabel: 'admin-token', actorUserId: null })).toBe('Quản trị viên');
    expect(actorDisplayName({ actorLabel: 'integration:Cổng DVC', actorUserId: null })).toBe('Hệ thống tích hợp');
    expect(actorDisplayName({ actorLabel: 'Trần Thị Xử Lý', actorUserId: 4 })).toBe('Trần Thị Xử Lý');
  });

  it('leaves none of the retired words in the app, the bot or the exports', () => {
    const root = join(__dirname, '..', '..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(name)) files.push(p);
      }
    };
    walk(join(root, 'mini-app', 'src'));
    walk(join(root, 'bot-server', 'src'));
    expect(files.length).toBeGreaterThan(50);
    const vocabulary = join(root, 'bot-server', 'src', 'domain', 'feedback', 'feedback-vocabulary.ts');
    const found: string[] = [];
    for (const f of files) {
      if (f === vocabulary) continue;
      const text = readFileSync(f, 'utf8');
      for (const word of RETIRED_WORDS) if (text.includes(word)) found.push(`${f.slice(root.length + 1)}: ${word}`);
      // "Từ chối" as a state (a badge or a status label) is now "Đã từ chối"; as a button it stays.
      if (/rejected:\s*'Từ chối'/.test(text)) found.push(`${f.slice(root.length + 1)}: rejected: 'Từ chối'`);
    }
    expect(found).toEqual([]);
  });
});
