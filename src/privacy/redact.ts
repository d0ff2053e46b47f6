/**
 * What a worker writes goes down the union chain as the order's text, possibly as far as their
 * employer's own union. The identity they type into it (a mobile number, an ID or bank card
 * number, "我叫…") is masked there as it is in the order's identity fields; the contact keeps the
 * words as written, for the centre desk.
 */
import { maskIdNumber, maskName, maskPhone } from './mask';

/** Mainland mobile numbers, also written 138-1234-5678 or 138 1234 5678. */
const MOBILE = /(?<![\dA-Za-z])1[3-9]\d(?:[\s-]?\d{4}){2}(?![\dA-Za-z])/g;
/** ID numbers (15 or 18 characters), bank card and social security numbers: no handler needs one. */
const LONG_NUMBER = /(?<![\dA-Za-z])\d{14,18}[\dXx](?![\dA-Za-z])/g;
/**
 * A name the worker gives after saying it is theirs: up to four characters where the name ends the
 * phrase (复姓), else two or three, which may take a following character along.
 */
const OWN_NAME = /(我叫|我的名字(?:叫|是)|名字叫|姓名(?:[:：是为]|\s)*)(\p{Script=Han}{2,4}(?!\p{Script=Han})|\p{Script=Han}{2,3})/gu;

export function redactPersonalData(text: string): string {
  return text
    .replace(LONG_NUMBER, (n) => maskIdNumber(n)!)
    .replace(MOBILE, (n) => maskPhone(n)!)
    .replace(OWN_NAME, (_, cue: string, name: string) => cue + maskName(name));
}
