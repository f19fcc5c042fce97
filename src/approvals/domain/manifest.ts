/**
 * The signed statement of a sign-off. Canonical form: JSON with object keys sorted (recursively), no
 * whitespace, arrays in order, `undefined` members left out (`canonicalize`). The Ed25519 signature
 * (`signManifest`) is over the UTF-8 bytes of that string, so anyone can check it offline (see
 * scripts/verify-manifest.mjs).
 */
export interface ManifestSigner {
  name: string;
  nameKm: string | null;
  post: string | null;
  postKm: string | null;
  actingFor: { name: string; nameKm: string | null; post: string | null; postKm: string | null } | null;
  stage: string;
  /** The stage's Khmer name (left out of manifests signed before stages had one). */
  stageKm?: string | null;
  at: string;
}

export interface Manifest {
  referenceNumber: string;
  title: string;
  issuingUnit: { code: string; name: string; nameKm: string | null };
  documentId: string;
  documentType: string;
  versionNo: number;
  /** The approved content's SHA-256: the version's, or the file rendered at sign-off (approved minutes). */
  sha256: string;
  /** Only for a document rendered at sign-off: the SHA-256 of the approved version it was rendered from. */
  renderedFromSha256?: string;
  verificationCode: string;
  signers: ManifestSigner[];
  approvedAt: string;
  publicKeyId: string;
}
