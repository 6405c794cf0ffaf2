import { Global, Module } from '@nestjs/common';
import { uploadMulterModule } from '../documents/upload-storage.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';

/** The working-day calendar and stage deadlines (reference data); global, as every deadline needs it. */
@Global()
@Module({
  imports: [uploadMulterModule()],
  providers: [CalendarService],
  controllers: [CalendarController],
  exports: [CalendarService],
})
export class CalendarModule {}
