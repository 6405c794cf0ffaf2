import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IntegrationTokensApiController } from './integration-tokens.api.controller.js';
import { IntegrationTokensService } from './integration-tokens.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ imports: [AuthModule], providers: [UsersService, IntegrationTokensService], controllers: [UsersController, IntegrationTokensApiController], exports: [UsersService] })
export class UsersModule {}
