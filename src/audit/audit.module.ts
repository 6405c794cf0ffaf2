import { Global, Module } from '@nestjs/common';
import { AuditChainSubscriber } from './audit-chain.subscriber.js';
import { AuditApiController } from './audit.api.controller.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { HistoryService } from './history.service.js';

@Global()
@Module({ providers: [AuditService, HistoryService, AuditChainSubscriber], controllers: [AuditController, AuditApiController], exports: [AuditService, HistoryService] })
export class AuditModule {}
