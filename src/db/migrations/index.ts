import { Init1763740800000 } from './1763740800000-Init';
import { Retention1764700000000 } from './1764700000000-Retention';
import { BotGateway1764300000000 } from './1764300000000-BotGateway';
import { StaffSecurity1764600000000 } from './1764600000000-StaffSecurity';
import { Audit1764500000000 } from './1764500000000-Audit';
import { Intake1764200000000 } from './1764200000000-Intake';
import { SlaClock1763827200000 } from './1763827200000-SlaClock';
import { Outbox1763913600000 } from './1763913600000-Outbox';
import { Knowledge1764000000000 } from './1764000000000-Knowledge';
import { MiniProgram1764400000000 } from './1764400000000-MiniProgram';
import { FieldCrypto1764810000000 } from './1764810000000-FieldCrypto';
import { ListIndexes1764815000000 } from './1764815000000-ListIndexes';
import { KpiRollup1764820000000 } from './1764820000000-KpiRollup';
import { StaffTotp1764850000000 } from './1764850000000-StaffTotp';
import { SealedTotpSecret1764860000000 } from './1764860000000-SealedTotpSecret';
import { RedactOrderTexts1764870000000 } from './1764870000000-RedactOrderTexts';
import { ReachSearchText1764880000000 } from './1764880000000-ReachSearchText';
import { OrderGrams1764890000000 } from './1764890000000-OrderGrams';
import { GramsComparedAsIs1764900000000 } from './1764900000000-GramsComparedAsIs';
import { MergeIndexWithTime1764910000000 } from './1764910000000-MergeIndexWithTime';

/** Every migration in order; they run at start on both engines. */
export const migrations = [
  Init1763740800000, SlaClock1763827200000, Outbox1763913600000, Knowledge1764000000000, Intake1764200000000, BotGateway1764300000000, MiniProgram1764400000000, Audit1764500000000, StaffSecurity1764600000000, Retention1764700000000,
  FieldCrypto1764810000000, ListIndexes1764815000000, KpiRollup1764820000000, StaffTotp1764850000000, SealedTotpSecret1764860000000,
  RedactOrderTexts1764870000000, ReachSearchText1764880000000, OrderGrams1764890000000, GramsComparedAsIs1764900000000,
  MergeIndexWithTime1764910000000,
];
