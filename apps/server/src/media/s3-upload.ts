/**
 * @module The upload of one media file to S3 as it downloads: 5 MiB parts, two uploading at once,
 * so memory does not grow with the file, and the object appears only once complete.
 */
import { Readable } from "node:stream";
import type { PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

/** Parts of a multipart upload; S3's minimum part size. */
const PART_BYTES = 5 * 1024 * 1024;

/** The object to write, less its body. */
export type S3UploadParams = Omit<PutObjectCommandInput, "Body">;

/**
 * Uploads `bytes` as the object and resolves with its size. When the download fails, that error
 * is thrown (it says more than the upload's); any other failure goes through `failure`.
 */
export async function uploadStream(
  client: S3Client,
  params: S3UploadParams,
  bytes: AsyncIterable<Uint8Array>,
  failure: (error: unknown) => Error,
): Promise<number> {
  let size = 0;
  let sourceError: unknown;
  const body = Readable.from(
    (async function* counted() {
      try {
        for await (const chunk of bytes) {
          size += chunk.length;
          yield chunk;
        }
      } catch (error) {
        sourceError = error;
        throw error;
      }
    })(),
  );
  const upload = new Upload({
    client,
    params: { ...params, Body: body },
    partSize: PART_BYTES,
    queueSize: 2,
    leavePartsOnError: false,
  });
  try {
    await upload.done();
  } catch (error) {
    // The download's own error (too large, timed out…) says more than the upload's.
    throw sourceError ?? failure(error);
  } finally {
    // Ends the download too when the upload failed first.
    body.destroy();
  }
  return size;
}
