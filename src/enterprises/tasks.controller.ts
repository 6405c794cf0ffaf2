import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ActivitiesService } from '../activities/activities.service.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { flash } from '../common/flash.js';
import { translate } from '../i18n/i18n.js';

@ApiExcludeController()
@Controller('tasks')
@Roles('admin', 'manager', 'officer')
export class TaskController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get()
  @Render('tasks/mine')
  async mine(@CurrentActor() actor: Actor) {
    return { title: translate(actor.locale, 'nav.tasks'), ...(await this.activities.myTasks(actor)) };
  }

  @Post(':id/complete')
  async complete(@CurrentActor() actor: Actor, @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Task') })) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.activities.completeTask(actor, id, body.version ? Number(body.version) : undefined);
    flash(req, 'success', translate(actor.locale, 'task.completed'));
    res.redirect(303, typeof body.back === 'string' && /^\/[a-z]/.test(body.back) ? body.back : '/tasks');
  }
}
