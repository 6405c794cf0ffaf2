import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AccountApiController } from './account.api.controller.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';

/** The signed-in user's own account (every role, the auditor included). */
@Module({ imports: [AuthModule], providers: [AccountService], controllers: [AccountController, AccountApiController] })
export class AccountModule {}
