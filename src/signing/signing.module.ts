import { Module } from '@nestjs/common';
import { SigningKeyService } from './signing-key.service.js';

/** The deployment's Ed25519 signing key: sign-off manifests and audit checkpoints are signed with it. */
@Module({ providers: [SigningKeyService], exports: [SigningKeyService] })
export class SigningModule {}
