import { describe, it, expect } from 'vitest';
import {
  IDLE,
  MAX_PHOTOS,
  decide,
  expiresAtFor,
  parseConversationState,
  parseRating,
  startRating,
  type ConversationState,
  type Decision,
  type DecideContext,
  type Inbound,
} from '../../bot-server/src/domain/chatbot/conversation.js';
import {
  MAX_MESSAGE_LENGTH,
  chatbotMessages as M,
  formatViDate,
  splitMessage,
} from '../../bot-server/src/domain/chatbot/chatbot-messages.js';

const categories = [
  { code: 'moi_truong', name: 'Môi trường' },
  { code: 'giao_thong', name: 'Giao thông' },
  { code: 'trat_tu_do_thi', name: 'Trật tự đô thị' },
];
const ctx: DecideContext = { categories, expired: false };
const expired: DecideContext = { categories, expired: true };

const text = (t: string): Inbound => ({ kind: 'text', text: t });
const image = (url: string): Inbound => ({ kind: 'image', url });
const location = (lat: number, lng: number): Inbound => ({ kind: 'location', lat, lng });
const CONTENT = 'Cống thoát nước trước nhà số 5 đường Trần Phú bị tắc, nước tràn ra đường.';

/** Every decision: replies non-empty and within Zalo's limit; never silent; the state survives JSON. */
function check(d: Decision): Decision {
  for (const r of d.replies) {
    expect(r.trim().length).toBeGreaterThan(0);
    expect(r.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  }
  expect(d.replies.length + d.effects.length).toBeGreaterThan(0);
  expect(JSON.parse(JSON.stringify(d.state))).toEqual(d.state);
  expect(parseConversationState(JSON.parse(JSON.stringify(d.state)))).toEqual(d.state);
  return d;
}

function step(state: ConversationState, inbound: Inbound, c: DecideContext = ctx): Decision {
  return check(decide(state, inbound, c));
}

/** Runs messages in order from a state; returns every decision. */
function run(state: ConversationState, inputs: (Inbound | string)[], c: DecideContext = ctx): Decision[] {
  const out: Decision[] = [];
  let s = state;
  for (const i of inputs) {
    const d = step(s, typeof i === 'string' ? text(i) : i, c);
    out.push(d);
    s = d.state;
  }
  return out;
}

const last = <T>(xs: T[]): T => xs[xs.length - 1]!;

describe('guided flow', () => {
  it('files a feedback with a photo and a location', () => {
    const ds = run(IDLE, [
      'Xin chào',
      '1',
      image('https://img.zdn.vn/a.jpg'),
      'tắc cống',
      CONTENT,
      'giao thong',
      image('https://img.zdn.vn/b.jpg'),
      location(10.7769, 106.7009),
      'Xong',
      'Đồng ý',
    ]);
    const [hello, one, photo, short, content, category, photo2, loc, done, confirm] = ds as [
      Decision, Decision, Decision, Decision, Decision, Decision, Decision, Decision, Decision, Decision,
    ];

    expect(hello.state).toEqual(IDLE);
    expect(hello.replies).toEqual([M.help()]);
    expect(M.help()).toContain('1. Gửi phản ánh');
    expect(M.help()).toContain('2. Phản ánh của tôi');
    expect(M.help()).toContain('#tracuu');

    expect(one.state).toEqual({ step: 'content', photos: [] });
    expect(one.replies).toEqual([M.askContent()]);

    expect(photo.state).toEqual({ step: 'content', photos: [{ url: 'https://img.zdn.vn/a.jpg' }] });
    expect(photo.replies[0]).toContain('1/5');

    expect(short.state).toEqual(photo.state);
    expect(short.replies).toEqual([M.contentTooShort(10)]);

    expect(content.state).toEqual({
      step: 'category',
      draft: { content: CONTENT, photos: [{ url: 'https://img.zdn.vn/a.jpg' }] },
    });
    expect(content.replies[0]).toContain('1. Môi trường\n2. Giao thông\n3. Trật tự đô thị');

    expect(category.state).toMatchObject({ step: 'media', draft: { categoryCode: 'giao_thong' } });
    expect(category.replies).toEqual([M.askMedia(1, MAX_PHOTOS)]);

    expect(photo2.state).toMatchObject({ step: 'media', draft: { photos: [{}, {}] } });
    expect(photo2.replies[0]).toContain('2/5');
    expect(loc.state).toMatchObject({ step: 'media', draft: { location: { lat: 10.7769, lng: 106.7009 } } });
    expect(loc.replies[0]).toContain(M.locationAdded());

    expect(done.state.step).toBe('confirm');
    const summary = done.replies[0]!;
    expect(summary).toContain('Giao thông');
    expect(summary).toContain('2 ảnh');
    expect(summary).toContain('Vị trí: có');
    expect(summary).toContain('Cống thoát nước');
    expect(summary).toContain('1. Đồng ý gửi');

    expect(confirm.state).toEqual(IDLE);
    expect(confirm.replies).toEqual([]); // the processor replies with the tracking code
    expect(confirm.effects).toEqual([
      {
        type: 'file_feedback',
        draft: {
          content: CONTENT,
          categoryCode: 'giao_thong',
          photos: [{ url: 'https://img.zdn.vn/a.jpg' }, { url: 'https://img.zdn.vn/b.jpg' }],
          location: { lat: 10.7769, lng: 106.7009 },
        },
      },
    ]);
  });

  it('accepts the spoken forms of each choice', () => {
    const ds = run(IDLE, ['Gửi phản ánh', CONTENT, '3', 'bỏ qua', '1']);
    expect(ds[0]!.state.step).toBe('content');
    expect(ds[2]!.state).toMatchObject({ step: 'media', draft: { categoryCode: 'trat_tu_do_thi' } });
    expect(ds[3]!.state.step).toBe('confirm');
    expect(ds[3]!.replies[0]).toContain('Ảnh: không có');
    expect(ds[3]!.replies[0]).toContain('Vị trí: không có');
    expect(last(ds).effects).toEqual([
      { type: 'file_feedback', draft: { content: CONTENT, categoryCode: 'trat_tu_do_thi', photos: [] } },
    ]);
  });

  it('accepts a category by name with or without diacritics, or by a unique part of it', () => {
    const atCategory: ConversationState = { step: 'category', draft: { content: CONTENT, photos: [] } };
    for (const [t, code] of [
      ['Môi trường', 'moi_truong'],
      ['moi truong', 'moi_truong'],
      ['TRAT TU DO THI', 'trat_tu_do_thi'],
      ['đô thị', 'trat_tu_do_thi'],
      ['2.', 'giao_thong'],
      ['số 1', 'moi_truong'],
    ] as const) {
      expect(step(atCategory, text(t)).state, t).toMatchObject({ step: 'media', draft: { categoryCode: code } });
    }
  });

  it('repeats the category list on an invalid choice', () => {
    const atCategory: ConversationState = { step: 'category', draft: { content: CONTENT, photos: [] } };
    for (const t of ['4', '0', 'abc', 'an ninh', 'không biết', 'tr']) {
      const d = step(atCategory, text(t));
      expect(d.state, t).toEqual(atCategory);
      expect(d.replies).toEqual([M.categoryInvalid(categories)]);
      expect(d.replies[0]).toContain('3. Trật tự đô thị');
    }
  });

  it('asks kindly again when the content is too short', () => {
    const d = step({ step: 'content' }, text('  hỏng  '));
    expect(d.state).toEqual({ step: 'content' });
    expect(d.replies[0]).toContain('ít nhất 10 ký tự');
    expect(d.effects).toEqual([]);
    // Typing the menu choice again at this step is not taken as content.
    expect(step({ step: 'content' }, text('Gửi phản ánh')).replies).toEqual([M.askContent()]);
  });

  it('skips the category step when there are no categories', () => {
    const d = step({ step: 'content' }, text(CONTENT), { categories: [], expired: false });
    expect(d.state).toEqual({ step: 'media', draft: { content: CONTENT, photos: [] } });
  });

  it('keeps at most five photos', () => {
    let s: ConversationState = { step: 'media', draft: { content: CONTENT, photos: [] } };
    for (let i = 1; i <= 6; i++) s = step(s, image(`https://img.zdn.vn/${i}.jpg`)).state;
    expect(s).toMatchObject({ step: 'media' });
    expect((s as { draft: { photos: unknown[] } }).draft.photos).toHaveLength(5);
    const d = step(s, image('https://img.zdn.vn/7.jpg'));
    expect(d.replies[0]).toContain('tối đa 5 ảnh');
  });

  it('starts a draft from a photo or location sent when idle', () => {
    const p = step(IDLE, image('https://img.zdn.vn/x.jpg'));
    expect(p.state).toEqual({ step: 'content', photos: [{ url: 'https://img.zdn.vn/x.jpg' }] });
    const l = step(IDLE, location(21.0285, 105.8542));
    expect(l.state).toEqual({ step: 'content', photos: [], location: { lat: 21.0285, lng: 105.8542 } });
    const c = step(l.state, text(CONTENT));
    expect(c.state).toMatchObject({ step: 'category', draft: { location: { lat: 21.0285, lng: 105.8542 } } });
  });

  it('adds a photo at the confirm step and shows the summary again', () => {
    const atConfirm: ConversationState = { step: 'confirm', draft: { content: CONTENT, photos: [] } };
    const d = step(atConfirm, image('https://img.zdn.vn/c.jpg'));
    expect(d.state).toMatchObject({ step: 'confirm', draft: { photos: [{ url: 'https://img.zdn.vn/c.jpg' }] } });
    expect(d.replies[1]).toContain('Ảnh: 1 ảnh');
  });

  it('repeats the hint on unclear answers at the media and confirm steps', () => {
    const atMedia: ConversationState = { step: 'media', draft: { content: CONTENT, photos: [] } };
    expect(step(atMedia, text('gì vậy')).replies).toEqual([M.mediaHint()]);
    const atConfirm: ConversationState = { step: 'confirm', draft: { content: CONTENT, photos: [] } };
    const d = step(atConfirm, text('để tôi nghĩ'));
    expect(d.state).toEqual(atConfirm);
    expect(d.effects).toEqual([]);
    expect(d.replies[0]).toContain(M.confirmNotUnderstood());
  });

  it('explains a location it cannot read', () => {
    const d = step({ step: 'content' }, location(Number.NaN, 200));
    expect(d.state).toEqual({ step: 'content' });
    expect(d.replies.length).toBeGreaterThan(0);
  });
});

describe('cancel', () => {
  const draft = { content: CONTENT, photos: [{ url: 'https://img.zdn.vn/a.jpg' }] };
  const steps: ConversationState[] = [
    { step: 'content' },
    { step: 'content', photos: [{ url: 'https://img.zdn.vn/a.jpg' }] },
    { step: 'category', draft },
    { step: 'media', draft },
    { step: 'confirm', draft },
  ];
  for (const s of steps) {
    for (const t of ['hủy', 'huy', 'HỦY', 'Hủy.', '#huy', '#hủy', 'hủy bỏ']) {
      it(`"${t}" at ${s.step}`, () => {
        const d = step(s, text(t));
        expect(d.state).toEqual(IDLE);
        expect(d.replies).toEqual([M.cancelled()]);
        expect(d.effects).toEqual([]);
      });
    }
  }

  it('"2" or "không" at the confirm step cancels', () => {
    for (const t of ['2', 'Không']) {
      const d = step({ step: 'confirm', draft }, text(t));
      expect(d.state).toEqual(IDLE);
      expect(d.replies).toEqual([M.cancelled()]);
    }
  });

  it('says there is nothing to cancel when idle', () => {
    const d = step(IDLE, text('hủy'));
    expect(d.state).toEqual(IDLE);
    expect(d.replies).toEqual([M.nothingToCancel()]);
  });
});

describe('expiry', () => {
  it('says the session expired and handles the message from idle', () => {
    const atMedia: ConversationState = { step: 'media', draft: { content: CONTENT, photos: [] } };
    const d = step(atMedia, text('xong'), expired);
    expect(d.replies[0]).toBe(M.expired(30));
    expect(d.replies[0]).toContain('30 phút');
    expect(d.replies[1]).toBe(M.help());
    expect(d.state).toEqual(IDLE);
    expect(d.effects).toEqual([]);
  });

  it('a menu choice after expiry starts over', () => {
    const d = step({ step: 'confirm', draft: { content: CONTENT, photos: [] } }, text('1'), expired);
    expect(d.effects).toEqual([]); // the stale draft is never filed
    expect(d.state.step).toBe('content');
    expect(d.replies).toEqual([M.expired(30), M.askContent()]);
  });

  it('a shortcut after expiry still works', () => {
    const d = step({ step: 'content' }, text(`#phananh ${CONTENT}`), expired);
    expect(d.replies).toEqual([M.expired(30)]);
    expect(d.effects).toEqual([{ type: 'file_feedback', draft: { content: CONTENT, photos: [] } }]);
  });

  it('is ignored when idle', () => {
    expect(step(IDLE, text('xin chào'), expired).replies).toEqual([M.help()]);
  });

  it('drops an expired rating silently', () => {
    const d = step(startRating('PA-2026-000001'), text('5'), expired);
    expect(d.effects).toEqual([]);
    expect(d.state).toEqual(IDLE);
    expect(d.replies).toEqual([M.help()]);
  });

  it('expiresAtFor: 30 minutes for a draft, 7 days for a rating, never when idle', () => {
    const now = new Date('2026-03-02T03:00:00Z');
    expect(expiresAtFor(IDLE, now)).toBeNull();
    expect(expiresAtFor({ step: 'content' }, now)?.toISOString()).toBe('2026-03-02T03:30:00.000Z');
    expect(expiresAtFor(startRating('PA-2026-000001'), now)?.toISOString()).toBe('2026-03-09T03:00:00.000Z');
  });
});

describe('shortcuts inside the conversation', () => {
  it('#phananh files at once from idle, with or without diacritics', () => {
    for (const t of [`#phananh ${CONTENT}`, `#Phản ánh ${CONTENT}`, `# phan anh ${CONTENT}`]) {
      const d = step(IDLE, text(t));
      expect(d.state).toEqual(IDLE);
      expect(d.replies).toEqual([]);
      expect(d.effects).toEqual([{ type: 'file_feedback', draft: { content: CONTENT, photos: [] } }]);
    }
  });

  it('#phananh with short content explains how to use it', () => {
    for (const s of [IDLE, { step: 'media', draft: { content: CONTENT, photos: [] } } as ConversationState]) {
      const d = step(s, text('#phananh hỏng'));
      expect(d.state).toEqual(s);
      expect(d.effects).toEqual([]);
      expect(d.replies).toEqual([M.shortcutUsage(10)]);
      expect(d.replies[0]).toContain('#phananh');
    }
  });

  it('#phananh during a draft keeps its photos, location and category', () => {
    const s: ConversationState = {
      step: 'media',
      draft: { content: 'cũ cũ cũ cũ cũ', categoryCode: 'moi_truong', photos: [{ url: 'u1' }], location: { lat: 1, lng: 2 } },
    };
    const d = step(s, text(`#phananh ${CONTENT}`));
    expect(d.state).toEqual(IDLE);
    expect(d.effects).toEqual([
      {
        type: 'file_feedback',
        draft: { content: CONTENT, categoryCode: 'moi_truong', photos: [{ url: 'u1' }], location: { lat: 1, lng: 2 } },
      },
    ]);
  });

  it('#tracuu looks up a normalised code at any step and keeps the step', () => {
    const atCategory: ConversationState = { step: 'category', draft: { content: CONTENT, photos: [] } };
    for (const s of [IDLE, { step: 'content' } as ConversationState, atCategory]) {
      for (const t of ['#tracuu PA-2026-000123', '#tra cứu pa-2026-000123', '#TRA CUU pa 2026 000123']) {
        const d = step(s, text(t));
        expect(d.effects).toEqual([{ type: 'lookup', code: 'PA-2026-000123' }]);
        expect(d.state).toEqual(s);
        expect(d.replies).toEqual([]);
      }
    }
  });

  it('#tracuu with a bad code explains the format', () => {
    for (const t of ['#tracuu', '#tracuu 123', '#tracuu PA-26-1', '#tra cứu mã của tôi']) {
      const d = step(IDLE, text(t));
      expect(d.effects).toEqual([]);
      expect(d.replies).toEqual([M.lookupFormat()]);
      expect(d.replies[0]).toContain('PA-2026-000123');
    }
  });

  it('a bare code or "tra cứu <mã>" when idle looks it up', () => {
    for (const t of ['PA-2026-000123', 'pa-2026-000123', 'Tra cứu PA-2026-000123']) {
      expect(step(IDLE, text(t)).effects).toEqual([{ type: 'lookup', code: 'PA-2026-000123' }]);
    }
  });

  it('"2", "phản ánh của tôi" and #cuatoi list the citizen’s feedback', () => {
    for (const t of ['2', 'Phản ánh của tôi', 'phan anh cua toi', '#cuatoi', '#của tôi']) {
      const d = step(IDLE, text(t));
      expect(d.effects).toEqual([{ type: 'list_mine' }]);
      expect(d.state).toEqual(IDLE);
    }
    const atMedia: ConversationState = { step: 'media', draft: { content: CONTENT, photos: [] } };
    const d = step(atMedia, text('#cuatoi'));
    expect(d.effects).toEqual([{ type: 'list_mine' }]);
    expect(d.state).toEqual(atMedia);
  });

  it('"3" explains how to look up; help words show the menu', () => {
    expect(step(IDLE, text('3')).replies).toEqual([M.lookupFormat()]);
    for (const t of ['trợ giúp', 'help', '?', '#trogiup', 'chào bạn', 'alo']) {
      expect(step(IDLE, text(t)).replies, t).toEqual([M.help()]);
    }
  });

  it('help during a draft keeps the step and repeats its prompt', () => {
    const atCategory: ConversationState = { step: 'category', draft: { content: CONTENT, photos: [] } };
    for (const t of ['trợ giúp', '?', '#trợ giúp']) {
      const d = step(atCategory, text(t));
      expect(d.state).toEqual(atCategory);
      expect(d.replies).toEqual([M.flowHelp(), M.categoryList(categories)]);
    }
  });
});

describe('rating', () => {
  const rating = startRating('PA-2026-000042');

  it('startRating enters the rating step', () => {
    expect(rating).toEqual({ step: 'rating', feedbackCode: 'PA-2026-000042' });
  });

  it.each([
    ['1', 1],
    ['3', 3],
    ['5', 5],
    [' 5 ', 5],
    ['4 sao', 4],
    ['2 điểm', 2],
    ['Hài lòng', 4],
    ['rất không hài lòng', 1],
  ] as const)('%j rates %i', (t, r) => {
    const d = step(rating, text(t));
    expect(d.effects).toEqual([{ type: 'rate', code: 'PA-2026-000042', rating: r }]);
    expect(d.state).toEqual(IDLE);
    expect(d.replies).toEqual([M.ratingThanks(r)]);
  });

  it('anything else leaves the rating step and is handled normally', () => {
    const hello = step(rating, text('cảm ơn'));
    expect(hello.state).toEqual(IDLE);
    expect(hello.effects).toEqual([]);
    expect(hello.replies).toEqual([M.help()]);

    const lookup = step(rating, text('#tracuu PA-2026-000001'));
    expect(lookup.effects).toEqual([{ type: 'lookup', code: 'PA-2026-000001' }]);
    expect(lookup.state).toEqual(IDLE);

    expect(step(rating, text('6')).effects).toEqual([]);
    expect(step(rating, image('https://img.zdn.vn/r.jpg')).state.step).toBe('content');
    expect(step(rating, { kind: 'unsupported', eventName: 'user_send_sticker' }).state).toEqual(IDLE);
  });

  it('parseRating', () => {
    expect(parseRating('5')).toBe(5);
    expect(parseRating('Rất hài lòng!')).toBe(5);
    expect(parseRating('bình thường')).toBe(3);
    expect(parseRating('0')).toBeNull();
    expect(parseRating('15')).toBeNull();
  });
});

describe('unsupported input', () => {
  for (const eventName of ['user_send_sticker', 'user_send_audio', 'user_send_file', 'user_send_video', 'whatever']) {
    it(`${eventName}: a friendly reply, the step kept`, () => {
      const idle = step(IDLE, { kind: 'unsupported', eventName });
      expect(idle.state).toEqual(IDLE);
      expect(idle.replies[0]).toBe(M.unsupported(eventName));
      expect(idle.replies[0]).toContain('tin nhắn chữ');

      const atMedia: ConversationState = { step: 'media', draft: { content: CONTENT, photos: [] } };
      const mid = step(atMedia, { kind: 'unsupported', eventName });
      expect(mid.state).toEqual(atMedia);
      expect(mid.replies).toEqual([M.unsupported(eventName), M.askMedia(0, MAX_PHOTOS)]);
    });
  }
});

describe('stored state', () => {
  it('reads malformed or empty state as idle', () => {
    for (const v of [{}, null, undefined, 'x', [], { step: 'confirm' }, { step: 'rating' }, { step: 'nope' }]) {
      expect(parseConversationState(v)).toEqual(IDLE);
    }
  });

  it('cleans a stored draft', () => {
    expect(
      parseConversationState({
        step: 'media',
        draft: { content: 'abc', photos: [{ url: 'u' }, { nope: 1 }], location: { lat: 'x', lng: 1 }, extra: true },
      }),
    ).toEqual({ step: 'media', draft: { content: 'abc', photos: [{ url: 'u' }] } });
  });
});

describe('messages', () => {
  it('filed: tracking code and due date in Vietnamese local time', () => {
    const due = new Date('2026-03-05T16:59:59.999Z'); // 23:59:59.999 on 05/03 in Hà Nội
    const m = M.filed('PA-2026-000123', due);
    expect(m).toContain('Mã phản ánh của bạn: PA-2026-000123; hạn trả lời: 05/03/2026');
    expect(formatViDate(new Date('2026-03-05T17:00:00Z'))).toBe('06/03/2026');
    expect(M.filed('PA-2026-000123', null)).toContain('PA-2026-000123');
  });

  it('lookup shows the status, the due date and the answer', () => {
    const m = M.lookup('Đang xử lý', new Date('2026-03-05T16:59:59.999Z'), null, 'PA-2026-000123');
    expect(m).toContain('Đang xử lý');
    expect(m).toContain('05/03/2026');
    expect(m).toContain('PA-2026-000123');
    const long = M.lookup('Đã trả lời', null, 'Trả lời rất dài. '.repeat(300));
    expect(long.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(long).toContain('Nội dung trả lời');
  });

  it('not found and not yours read the same', () => {
    expect(M.lookupNotYours()).toBe(M.lookupNotFound());
  });

  it('myList: empty, and at most 10 items', () => {
    expect(M.myList([])).toContain('chưa thấy phản ánh nào');
    const items = Array.from({ length: 12 }, (_, i) => ({
      code: `PA-2026-${String(i + 1).padStart(6, '0')}`,
      statusLabel: 'Đang xử lý',
      receivedAt: new Date('2026-02-10T02:00:00Z'),
    }));
    const m = M.myList(items);
    expect(m).toContain('PA-2026-000010');
    expect(m).not.toContain('PA-2026-000011');
    expect(m).toContain('10/02/2026');
    expect(m).toContain('12 phản ánh');
  });

  it('rating request lists the five levels', () => {
    const m = M.ratingRequest('PA-2026-000123');
    expect(m).toContain('1. Rất không hài lòng');
    expect(m).toContain('5. Rất hài lòng');
    expect(m).toContain('PA-2026-000123');
  });

  it('answered: the whole answer split into messages, then the rating request', () => {
    const answer = 'Ủy ban nhân dân phường đã chỉ đạo khắc phục. '.repeat(120);
    const msgs = M.answered('PA-2026-000123', answer);
    expect(msgs.length).toBeGreaterThan(2);
    expect(last(msgs)).toBe(M.ratingRequest('PA-2026-000123'));
    const joined = msgs.slice(0, -1).join(' ').replace(/\s+/g, ' ');
    expect(joined).toContain(answer.trim().replace(/\s+/g, ' '));
    expect(M.answered('PA-2026-000123', 'Đã sửa xong.')).toHaveLength(2);
  });

  it('splitMessage never cuts past the limit', () => {
    for (const t of ['a'.repeat(4500), '😀'.repeat(1500), 'từ '.repeat(1000)]) {
      for (const part of splitMessage(t)) expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    }
  });

  it('every message is non-empty and within 2000 characters, even with long inputs', () => {
    const huge = 'x'.repeat(5000);
    const many = Array.from({ length: 200 }, (_, i) => ({ code: `c${i}`, name: `Lĩnh vực số ${i} ${'rất dài '.repeat(5)}` }));
    const due = new Date('2026-03-05T16:59:59.999Z');
    const all: string[] = [
      M.help(),
      M.welcome(),
      M.flowHelp(),
      M.askContent(),
      M.contentTooShort(10),
      M.photoAdded(1, 5),
      M.tooManyPhotos(5),
      M.locationAdded(),
      M.stillNeedContent(),
      M.categoryReminder(),
      M.categoryList(categories),
      M.categoryList(many),
      M.categoryInvalid(many),
      M.askMedia(0, 5),
      M.askMedia(3, 5),
      M.mediaNext(),
      M.mediaHint(),
      M.summary({ content: huge, categoryName: huge, photoCount: 5, hasLocation: true }),
      M.confirmNotUnderstood(),
      M.cancelled(),
      M.nothingToCancel(),
      M.expired(),
      M.unsupported(),
      M.unsupported('user_send_sticker'),
      M.shortcutUsage(10),
      M.filed('PA-2026-000123', due),
      M.systemError(),
      M.lookupFormat(),
      M.lookup('Đã trả lời', due, huge, 'PA-2026-000123'),
      M.lookupNotFound(),
      M.myList([]),
      M.ratingRequest(),
      M.ratingThanks(1),
      M.ratingThanks(5),
      M.accepted('PA-2026-000123'),
      M.needsInfo('PA-2026-000123', huge),
      M.transferred('PA-2026-000123', huge),
      ...M.answered('PA-2026-000123', huge),
      M.rejected('PA-2026-000123', huge),
    ];
    for (const m of all) {
      expect(m.trim().length).toBeGreaterThan(0);
      expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    }
    expect(M.categoryList(many)).toContain('lĩnh vực khác');
    expect(M.needsInfo('PA-2026-000123', 'Bạn gửi thêm ảnh hiện trường.')).toContain('Bạn gửi thêm ảnh hiện trường.');
    expect(M.rejected('PA-2026-000123', 'Không thuộc thẩm quyền.')).toContain('Lý do: Không thuộc thẩm quyền.');
    expect(M.transferred('PA-2026-000123', 'UBND phường Bến Nghé')).toContain('UBND phường Bến Nghé');
    // Missing details never leave empty quotes or labels.
    expect(M.needsInfo('PA-2026-000123', ' ')).not.toContain('“”');
    expect(M.rejected('PA-2026-000123', '')).not.toContain('Lý do');
    expect(M.transferred('PA-2026-000123', '')).toContain('đơn vị có thẩm quyền');
  });
});
