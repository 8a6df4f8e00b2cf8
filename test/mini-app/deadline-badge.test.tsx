// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadlineBadge } from '../../mini-app/src/components/deadline-badge';
import { deadlineWording } from '../../mini-app/src/lib/deadline-wording';

afterEach(cleanup);

describe('deadline badge wording', () => {
  it('counts working days left, and says when the deadline is today', () => {
    expect(deadlineWording({ state: 'on_track', workingDaysLeft: 3, overdueWorkingDays: null })).toEqual({ text: 'Còn 3 ngày làm việc', tone: 'ok' });
    expect(deadlineWording({ state: 'due_soon', workingDaysLeft: 1, overdueWorkingDays: null })).toEqual({ text: 'Còn 1 ngày làm việc', tone: 'warning' });
    expect(deadlineWording({ state: 'due_soon', workingDaysLeft: 0, overdueWorkingDays: null })?.text).toBe('Hết hạn trong hôm nay');
  });

  it('counts working days overdue', () => {
    expect(deadlineWording({ state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 2 })).toEqual({ text: 'Quá hạn 2 ngày làm việc', tone: 'danger' });
    expect(deadlineWording({ state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 0 })?.text).toBe('Quá hạn hôm nay');
  });

  it('shows a paused clock and finished items without a count', () => {
    expect(deadlineWording({ state: 'paused', workingDaysLeft: null, overdueWorkingDays: null })?.text).toBe('Tạm dừng, chờ bổ sung');
    expect(deadlineWording({ state: 'done', workingDaysLeft: null, overdueWorkingDays: null })?.text).toBe('Đã xử lý');
    expect(deadlineWording(undefined)).toBeNull();
  });

  it('renders the words with the tone as a class', () => {
    render(<DeadlineBadge deadline={{ state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 2 }} />);
    const badge = screen.getByText('Quá hạn 2 ngày làm việc');
    expect(badge.className).toContain('badge-danger');
  });
});
