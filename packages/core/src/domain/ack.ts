/** @module Message acknowledgement levels: WAHA's `ack` numbers and `ackName`s, and Baileys' `status`. */
import { WaError } from "../errors.ts";

/** WAHA's ack levels, from ERROR (-1) to PLAYED (4). */
export const Ack = {
  ERROR: -1,
  PENDING: 0,
  SERVER: 1,
  DEVICE: 2,
  READ: 3,
  PLAYED: 4,
} as const;

/** One of the ack names. */
export type AckName = keyof typeof Ack;

/** One of the ack numbers. */
export type AckLevel = (typeof Ack)[AckName];

/** The ack names, in level order. */
export const ACK_NAMES = Object.keys(Ack) as AckName[];

/** The name of an ack level, or `UNKNOWN` (as WAHA) for anything else. */
export function ackName(ack: number | null | undefined): AckName | "UNKNOWN" {
  const name = ACK_NAMES.find((key) => Ack[key] === ack);
  return name ?? "UNKNOWN";
}

/** The ack level of a name; throws `WA_VALIDATION_FAILED` (`Invalid ack: 'x'`) for unknown names. */
export function ackFromName(name: string): AckLevel {
  if (!(ACK_NAMES as string[]).includes(name)) {
    throw new WaError(
      "WA_VALIDATION_FAILED",
      `Invalid ack: '${name}'. Use one of ${ACK_NAMES.join(", ")}.`,
      {
        details: {
          constraints: [`filter.ack must be one of the following values: ${ACK_NAMES.join(", ")}`],
        },
      },
    );
  }
  return Ack[name as AckName];
}

/** Baileys' `WebMessageInfo.status` is the ack plus one (ERROR = 0 … PLAYED = 5). */
export function ackFromBaileysStatus(status: number | null | undefined): AckLevel | null {
  if (status === null || status === undefined || !Number.isInteger(status)) return null;
  const ack = status - 1;
  return ack >= Ack.ERROR && ack <= Ack.PLAYED ? (ack as AckLevel) : null;
}

/** The Baileys status of an ack level. */
export const ackToBaileysStatus = (ack: AckLevel): number => ack + 1;
