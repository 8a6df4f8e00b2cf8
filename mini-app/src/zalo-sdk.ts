// The zmp-sdk calls the app makes, and only those: zalo.ts loads this module on demand, and a dynamic import of
// 'zmp-sdk/apis' itself would keep every API in the chunk (about twice the size).
export { chooseImage, followOA, getAccessToken, getLocation, getPhoneNumber, nativeStorage, openChat, openShareSheet } from 'zmp-sdk/apis';
