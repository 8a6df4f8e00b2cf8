// The browser tests' stand-in for zmp-sdk/apis (the Zalo app's native bridge), swapped in by `vite build --mode e2e`.
// It answers like the SDK does inside Zalo; the tests decide the answers through localStorage keys set before the
// page loads (page.addInitScript), and the tokens it hands out are the ones the fake Zalo Graph API knows.

const key = (name: string) => `e2e.zalo.${name}`;
const answer = (name: string) => window.localStorage.getItem(key(name));

function record(call: string, args: unknown): void {
  const calls = JSON.parse(window.localStorage.getItem(key('calls')) ?? '[]') as unknown[];
  calls.push({ call, args });
  window.localStorage.setItem(key('calls'), JSON.stringify(calls));
}

const denied = (api: string) => Promise.reject({ code: -201, message: 'User denied', api });

export async function getAccessToken(): Promise<string> {
  return answer('accessToken') ?? '';
}

export async function getPhoneNumber(): Promise<{ token?: string }> {
  const token = answer('phoneToken');
  return token ? { token } : denied('getPhoneNumber');
}

export async function getLocation(): Promise<{ token?: string }> {
  const token = answer('locationToken');
  return token ? { token } : denied('getLocation');
}

/** Like the SDK outside native pickers: a hidden file input; the test answers the file chooser. */
export function chooseImage(opts: { count?: number } = {}): Promise<{ filePaths: string[]; tempFiles: { path: string; size: number }[] }> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.multiple = (opts.count ?? 1) > 1;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])].slice(0, opts.count ?? 1);
      input.remove();
      if (!files.length) return reject({ code: -2003, message: 'User cancel', api: 'chooseImage' });
      const paths = files.map((f) => URL.createObjectURL(f));
      resolve({ filePaths: paths, tempFiles: files.map((f, i) => ({ path: paths[i]!, size: f.size })) });
    });
    document.body.appendChild(input);
    input.click();
  });
}

export async function followOA(args: { id: string }): Promise<void> {
  record('followOA', args);
}

export async function openChat(args: { type: string; id: string }): Promise<void> {
  record('openChat', args);
}

/** Records what would be shared; status 2 = sent in a chat, as the SDK answers. */
export async function openShareSheet(args: { type: string; data: unknown }): Promise<{ status: number; shareType: number; numberOfUser: number }> {
  record('openShareSheet', args);
  return { status: 2, shareType: 2, numberOfUser: 1 };
}

export const nativeStorage = {
  getItem: (k: string) => window.localStorage.getItem(`e2e.native.${k}`) ?? '',
  setItem: (k: string, v: string) => window.localStorage.setItem(`e2e.native.${k}`, v),
  removeItem: (k: string) => window.localStorage.removeItem(`e2e.native.${k}`),
  clear: () => {
    for (const k of Object.keys(window.localStorage)) if (k.startsWith('e2e.native.')) window.localStorage.removeItem(k);
  },
  getStorageInfo: () => ({ currentSize: 0, limitSize: 5120 }),
};
