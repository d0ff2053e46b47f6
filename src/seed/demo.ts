/**
 * Demo accounts and sample orders for trying the product (never in production).
 * Sample orders are made through the real lifecycle, so every state they reach is a legal one.
 */
import type { Services } from '../app';
import type { AuthUser } from '../auth/auth.service';
import { hashPassword } from '../auth/password';
import { Role, StaffUser } from '../auth/staff-user.entity';
import { mustUseTotp } from '../auth/totp.policy';
import { In } from 'typeorm';
import { OrgUnit } from '../orgs/org-unit.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import type { Action, ActionInputs } from '../work-orders/lifecycle';

const ACCOUNTS: Array<{ username: string; displayName: string; role: Role; unitCode: string }> = [
  { username: 'demo-agent', displayName: '客服 陈晓', role: 'agent', unitCode: '440000' },
  { username: 'demo-lawyer', displayName: '律师 林静', role: 'lawyer', unitCode: '440000' },
  { username: 'demo-supervisor', displayName: '督办 黄伟', role: 'supervisor', unitCode: '440000' },
  { username: 'demo-admin', displayName: '管理员 李明', role: 'admin', unitCode: '440000' },
  { username: 'demo-auditor', displayName: '审计 周敏', role: 'auditor', unitCode: '440000' },
  { username: 'demo-gz', displayName: '广州市总工会 何丽', role: 'handler', unitCode: '440100' },
  { username: 'demo-gz-supervisor', displayName: '广州市总工会督办 郑强', role: 'supervisor', unitCode: '440100' },
  { username: 'demo-gz-tianhe', displayName: '天河区总工会 吴芳', role: 'handler', unitCode: '440106' },
  { username: 'demo-fs-nanhai', displayName: '南海区总工会 梁杰', role: 'handler', unitCode: '440605' },
];

/**
 * The TOTP secret of the demo accounts that must have one (admins and supervisors), published in
 * the README so the demo can be tried: add it to an authenticator app, or `npx tsx scripts/totp-code.ts`.
 */
export const DEMO_TOTP_SECRET = 'GDHOTLINEDEMOTOTPSECRETFORTRYING';

export async function seedDemoAccounts(s: Services, password: string): Promise<void> {
  const staff = s.ds.getRepository(StaffUser);
  if (await staff.existsBy({ username: ACCOUNTS[0].username })) return;
  const units = await s.ds.getRepository(OrgUnit).find({ where: ACCOUNTS.map((a) => ({ code: a.unitCode })) });
  for (const a of ACCOUNTS) {
    const unit = units.find((u) => u.code === a.unitCode)!;
    const totp = mustUseTotp(a.role) ? { sealedTotpSecret: s.crypto.seal(DEMO_TOTP_SECRET, 'totp_secret'), totpEnabledAt: s.clock() } : {};
    await staff.insert({ ...a, ...totp, unitId: unit.id, passwordHash: await hashPassword(password), active: true });
  }
}

type Step = { [A in Action]: [who: string, action: A, input: ActionInputs[A] | ((unit: (code: string) => number) => ActionInputs[A])] }[Action];

interface Sample {
  summary: string;
  description: string;
  category: WorkOrder['category'];
  regionCode: string;
  employer?: string;
  worker: { name?: string; phone?: string; anonymous: boolean };
  mass?: boolean;
  steps: Step[];
}

const toGz: Step = ['demo-agent', 'dispatch', (u) => ({ unitId: u('440100') })];
const gzSigns: Step = ['demo-gz', 'sign', {}];
const toTianhe: Step = ['demo-gz', 'dispatch', (u) => ({ unitId: u('440106') })];
const tianheSigns: Step = ['demo-gz-tianhe', 'sign', {}];
const tianheReports: Step = ['demo-gz-tianhe', 'report', { result: '经协调，企业已补发拖欠工资。', recoveredAmount: 12600 }];
const gzApproves: Step = ['demo-gz', 'approve', {}];
const centreApproves: Step = ['demo-agent', 'approve', {}];
const downToTianhe: Step[] = [toGz, gzSigns, toTianhe, tianheSigns];

// Fictional cases written for the demo.
const SAMPLES: Sample[] = [
  { summary: '餐馆拖欠两个月工资', description: '在天河区一家餐馆做服务员，老板已经两个月没发工资。', category: 'wages', regionCode: '440106', employer: '天河某餐饮店', worker: { name: '王小梅', phone: '13800001111', anonymous: false }, steps: [] },
  { summary: '年休假天数咨询', description: '工作满八年，每年可以休几天年假？', category: 'hours_leave', regionCode: '440104', worker: { anonymous: true }, steps: [['demo-lawyer', 'answer', { answer: '累计工作满1年不满10年的，年休假5天（《职工带薪年休假条例》第三条）。' }]] },
  { summary: '邻里噪音纠纷', description: '楼上装修太吵，想投诉。', category: 'other', regionCode: '440103', worker: { name: '赵刚', phone: '13800002222', anonymous: false }, steps: [['demo-agent', 'cancel', { reason: '不属于劳动争议', route: '向街道办或物业反映' }]] },
  { summary: '快递站点克扣派件费', description: '快递站点每月无故扣我们的派件费。', category: 'wages', regionCode: '440111', employer: '白云某快递站点', worker: { name: '刘洋', phone: '13800003333', anonymous: false }, steps: [toGz] },
  { summary: '未签劳动合同', description: '入职半年公司一直不签劳动合同。', category: 'contract', regionCode: '440113', employer: '番禺某电子厂', worker: { name: '孙丽', phone: '13800004444', anonymous: false }, steps: [toGz, gzSigns] },
  { summary: '加班费计算基数过低', description: '公司按最低工资计算加班费。', category: 'wages', regionCode: '440106', employer: '天河某科技公司', worker: { anonymous: true, phone: '13800005555' }, steps: [toGz, gzSigns, toTianhe] },
  { summary: '工伤认定材料被扣', description: '在车间受伤后，公司不提供工伤认定需要的材料。', category: 'injury', regionCode: '440106', employer: '天河某制衣厂', worker: { name: '周强', phone: '13800006666', anonymous: false }, steps: downToTianhe },
  { summary: '保安公司拖欠工资', description: '保安公司拖欠三个月工资，约两万元。', category: 'wages', regionCode: '440106', employer: '天河某保安服务公司', worker: { name: '吴军', phone: '13800007777', anonymous: false }, steps: [...downToTianhe, tianheReports] },
  { summary: '装修工人工资结算', description: '装修项目结束后包工头迟迟不结算工资。', category: 'wages', regionCode: '440106', employer: '天河某装饰工程公司', worker: { name: '郑海', phone: '13800008888', anonymous: false }, steps: [...downToTianhe, tianheReports, gzApproves, centreApproves] },
  { summary: '补发工资已到账', description: '超市拖欠的工资经工会协调后已补发。', category: 'wages', regionCode: '440106', employer: '天河某超市', worker: { name: '冯雪', phone: '13800009999', anonymous: false }, steps: [...downToTianhe, tianheReports, gzApproves, centreApproves, ['demo-agent', 'revisit', { resultRating: 5, serviceRating: 5, comment: '很满意' }]] },
  { summary: '调岗降薪', description: '公司单方面把我调到外地并降低工资。', category: 'contract', regionCode: '440112', employer: '黄埔某物流公司', worker: { name: '陈晨', phone: '13800010000', anonymous: false }, steps: [...downToTianhe, ['demo-gz-tianhe', 'return', { reason: '用人单位注册地在黄埔区，不属本区管辖' }]] },
  { summary: '五金厂停缴社保', description: '狮山镇一家五金厂从今年起停缴社保。', category: 'social_insurance', regionCode: '440605', employer: '南海某五金厂', worker: { name: '何东', phone: '13800011111', anonymous: false }, steps: [['demo-agent', 'dispatch', (u) => ({ unitId: u('440605') })], ['demo-fs-nanhai', 'sign', {}]] },
  { summary: '三十多名工人集体讨薪', description: '三十多名工人被拖欠工资，准备到厂门口聚集。', category: 'wages', regionCode: '440605', employer: '南海某家具厂', mass: true, worker: { anonymous: true }, steps: [['demo-agent', 'dispatch', (u) => ({ unitId: u('440605') })]] },
];

export async function seedDemoOrders(s: Services): Promise<void> {
  if ((await s.ds.getRepository(WorkOrder).count()) > 0) return;
  const staff = await s.ds.getRepository(StaffUser).find();
  const users = new Map<string, AuthUser>();
  for (const member of staff) users.set(member.username, await s.auth.userById(member.id));
  const cityAndDistrict = await s.ds.getRepository(OrgUnit).findBy({ level: In(['city', 'district']) });
  const ids = new Map(cityAndDistrict.map((u) => [u.code, u.id]));
  const unit = (code: string) => ids.get(code)!;

  for (const { steps, ...sample } of SAMPLES) {
    let order = await s.workOrders.register(users.get('demo-agent')!, {
      channel: 'hotline', difficulty: 'normal', mass: sample.mass ?? false, crisis: false, platform: false, ...sample,
    });
    for (const [who, action, input] of steps) {
      const body = typeof input === 'function' ? input(unit) : input;
      order = await s.workOrders.act(users.get(who)!, order.id, action, { ...body, version: order.version } as never);
    }
  }
}
