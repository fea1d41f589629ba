import "server-only";
import { commonPasswordHash } from "@/lib/shared/password-rules";
// Passwords that meet the length-and-kinds rule yet are among the first tried by credential-stuffing lists.
// Compared lower-cased. Extend freely; one per entry.
const LIST = `
password1 password12 password123 password1234 passw0rd p@ssword p@ssw0rd p@55w0rd pa$$word pa$$w0rd
password! password@ password# password1! password01 password2 password3 password9 password99
qwerty123 qwerty1234 qwerty12 qwerty12345 qwertyui1 qwerty!23 qwerty123! qwerty@123 qwe123456 qwe12345
qweasd123 qweasdzxc1 1qaz2wsx 1qaz2wsx3edc zaq12wsx zaq1zaq1 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4
q1w2e3r4t5 a1b2c3d4 a1s2d3f4 abc12345 abc123456 abcd1234 abcd12345 abc123abc 123abc123 1234abcd
12345abc 12345qwe 1234567a 12345678a 123456789a 123456aa a12345678 a123456789 aa123456
aa12345678 asd12345 asdf1234 asdfgh123 asdfghjk1 zxcv1234 zxcvbnm1 zxcvbnm123 iloveyou1 iloveyou2
iloveyou! iloveu123 letmein1 letmein123 welcome1 welcome12 welcome123 welcome1! welcome@1 monkey123
dragon123 football1 baseball1 sunshine1 princess1 master123 shadow123 superman1 batman123 trustno1
michael1 jennifer1 jordan23 charlie1 starwars1 computer1 whatever1 freedom1 hello123 hello1234
admin123 admin1234 admin@123 administrator1 root1234 test1234 test12345 test@123 changeme1 secret123
xiaomi123 xiaomi1234 xiaomi2024 mi123456 miaccount1 redmi123 default1 guest1234 login123 user1234
1234qwer 12qwaszx 11111111a 00000000a 88888888a 123123123a 123123qwe 123qweasd 147258369a
1234567890a 0123456789a 987654321a 11223344a 112233aa 5201314a woaini1314 woaini520 aini1314
qazwsx123 qazwsxedc1 !qaz2wsx !qaz@wsx 1qaz!qaz 1qaz@wsx p4ssword pass1234 pass12345 pass@123
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));

let byPrefix: Map<string, string[]> | undefined;

/**
 * The list's entries in one SHA-1 bucket, as suffixes (lib/shared/password-rules.ts, commonPasswordHash), for
 * the checklist's live line. What a stranger learns by asking every bucket is the hashes of a list that is in
 * the source anyway; what it costs is a map lookup.
 */
export function commonPasswordSuffixes(prefix: string): string[] {
  if (!byPrefix) {
    byPrefix = new Map();
    for (const entry of COMMON_PASSWORDS) {
      const { prefix: bucket, suffix } = commonPasswordHash(entry);
      byPrefix.set(bucket, [...(byPrefix.get(bucket) ?? []), suffix]);
    }
  }
  return byPrefix.get(prefix) ?? [];
}
