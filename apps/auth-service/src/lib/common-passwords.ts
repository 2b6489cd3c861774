/**
 * The most common passwords of public breach corpora (top of the SecLists / NCSC lists), all of
 * length >= 8 since shorter ones are refused anyway. A data list, not logic: no library needed.
 */
const COMMON_PASSWORDS = new Set([
  '12345678', '123456789', '1234567890', '12345678910', 'password', 'password1', 'password12',
  'password123', 'password1!', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'qwertyuiop', 'qwerty123',
  'qwerty12', 'qwertyui', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'zaq12wsx', 'iloveyou', 'iloveyou1',
  'sunshine', 'princess', 'football', 'baseball', 'welcome1', 'welcome123', 'abc12345', 'abcd1234',
  'admin123', 'administrator', 'letmein1', 'trustno1', 'superman', 'whatever', 'starwars',
  'computer', 'michelle', 'jennifer', 'corvette', 'mercedes', 'internet', 'shadow123', 'master123',
  'football1', 'baseball1', 'sunshine1', 'princess1', 'charlie1', 'monkey123', 'dragon123',
  'asdfghjkl', 'asdfasdf', 'asdf1234', 'zxcvbnm1', 'zxcvbnm123', '11111111', '00000000',
  '88888888', '87654321', '12341234', '11223344', '123123123', '123321123', '987654321',
  'q1w2e3r4', 'q1w2e3r4t5', 'changeme', 'changeme1', 'default1', 'qazwsxedc', 'secret123',
  'hello123', 'freedom1', 'loveyou1', 'chocolate', 'butterfly', 'liverpool', 'manchester',
  'jordan23', 'michael1', 'jessica1', 'ashley12', 'batman123', 'spiderman', 'pokemon1',
  'minecraft', 'fuckyou1', 'iloveu123', 'aa123456', 'a1234567', 'a12345678', 'qwe12345',
  'passpass', 'testtest', 'test1234', 'test12345', 'letmein123', 'welcome2024', 'welcome2025',
  'password2024', 'password2025', 'password2026', 'summer2024', 'summer2025', 'winter2025',
]);

export function isCommonPassword(lowercased: string): boolean {
  return COMMON_PASSWORDS.has(lowercased);
}
