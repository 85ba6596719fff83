import { ERROR_CODES, validationError, WaError } from "@wa/core";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS, toErrorResponse } from "./errors.ts";

describe("error mapping", () => {
  it("maps every core error code to an HTTP status (drift test)", () => {
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each([
    [
      validationError("limit must be an integer number"),
      400,
      { message: ["limit must be an integer number"], error: "Bad Request" },
    ],
    [
      new WaError("WA_INVALID_CHAT_ID", "Invalid chat id 'x'"),
      400,
      { message: ["Invalid chat id 'x'"] },
    ],
    [
      new WaError("WA_MESSAGE_NOT_FOUND", "[wa:memory] message 'X' not found"),
      404,
      { message: "Message not found", error: "Not Found" },
    ],
    [
      new WaError("WA_SESSION_EXISTS", "Session 'a' already exists. Use PUT to update it."),
      422,
      { error: "Unprocessable Entity" },
    ],
    [
      new WaError("WA_ENGINE_UNSUPPORTED", "x", { engine: "noweb" }),
      501,
      {
        message:
          "The method is not implemented by 'NOWEB' engine. Check the docs and try another engine: https://waha.devlike.pro/",
      },
    ],
    [
      new WaError("WA_ENGINE_FAILURE", "[wa:noweb] socket exploded"),
      500,
      { message: "Internal Server Error" },
    ],
    [new WaError("WA_ENGINE_TIMEOUT"), 504, { error: "Gateway Timeout" }],
  ] as const)("%s → %i", (error, status, body) => {
    const response = toErrorResponse(error);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ ...body, code: error.code });
    expect(response.body.statusCode).toBe(status);
  });

  it("renders session-state 422s without statusCode", () => {
    const error = new WaError("WA_SESSION_NOT_READY", "Session status is not as expected.", {
      details: { session: "s", status: "STARTING", expected: ["WORKING"] },
    });
    expect(toErrorResponse(error)).toEqual({
      status: 422,
      body: {
        error: "Session status is not as expected.",
        session: "s",
        status: "STARTING",
        expected: ["WORKING"],
        code: "WA_SESSION_NOT_READY",
      },
    });
  });

  it("renders 401 as passport's bare body plus code", () => {
    expect(toErrorResponse(new WaError("WA_AUTH_UNAUTHORIZED")).body).toEqual({
      message: "Unauthorized",
      statusCode: 401,
      code: "WA_AUTH_UNAUTHORIZED",
    });
  });

  it("turns ajv issues into WAHA constraint texts", () => {
    const error = Object.assign(new Error("bad"), {
      statusCode: 400,
      validation: [
        { instancePath: "/limit", keyword: "type", message: "must be integer", params: {} },
        {
          instancePath: "",
          keyword: "required",
          message: "x",
          params: { missingProperty: "text" },
        },
        {
          instancePath: "/duration",
          keyword: "enum",
          message: "x",
          params: { allowedValues: [1, 2] },
        },
      ],
    });
    expect(toErrorResponse(error).body.message).toEqual([
      "limit must be integer",
      "text should not be empty",
      "duration must be one of the following values: 1, 2",
    ]);
  });

  it("keeps Fastify's own 4xx statuses and hides anything else behind a 500", () => {
    const tooLarge = Object.assign(new Error("Request body is too large"), { statusCode: 413 });
    expect(toErrorResponse(tooLarge)).toMatchObject({
      status: 413,
      body: { error: "Payload Too Large" },
    });
    const unknown = toErrorResponse(new TypeError("secret internals"));
    expect(unknown).toEqual({
      status: 500,
      body: {
        statusCode: 500,
        message: "Internal Server Error",
        error: "Internal Server Error",
        code: "WA_INTERNAL_ERROR",
      },
    });
  });
});
