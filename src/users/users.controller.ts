import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { ROLES } from '../auth/role.js';
import { FormRejected, runForm, validateForm, type FieldErrors } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { PasswordResetDto, UserCreateDto, UserUpdateDto } from './user.dto.js';
import { mapUser, UsersService } from './users.service.js';
import { userFormPage, userListPage } from './users.view.js';

const translateErrors = (actor: Actor, errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, translate(actor.locale, v)]));

@ApiExcludeController()
@Controller('admin/users')
@Roles('admin')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly reference: ReferenceService,
  ) {}

  private async formOptions() {
    return { districts: await this.reference.districts(), zones: await this.reference.zones() };
  }

  @Get()
  @Render('admin/users')
  async list(@Query('q') q?: string, @Query('role') role?: string, @Query('page') page?: string) {
    const pageNo = Math.max(1, Number.parseInt(page ?? '1', 10) || 1);
    const result = await this.users.list({ q: q?.slice(0, 64), role: ROLES.includes(role as never) ? role : undefined, page: pageNo });
    const names = await this.users.enterpriseNames(result.items.flatMap((u) => (u.enterpriseId ? [u.enterpriseId] : [])));
    return userListPage(result, names, await this.formOptions(), { q, role });
  }

  @Get('new')
  @Render('admin/user-form')
  async newForm() {
    return userFormPage(await this.formOptions(), {});
  }

  @Post()
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(UserCreateDto, body, actor.locale, 'users');
    const result = form.ok ? await this.users.create(actor, form.value) : form;
    if (!result.ok) {
      return res.status(422).render('admin/user-form', userFormPage(await this.formOptions(), { values: body, errors: translateErrors(actor, result.errors) }));
    }
    flash(req, 'success', translate(actor.locale, 'users.created', { username: result.user.username }));
    res.redirect(303, '/admin/users');
  }

  @Get(':id/edit')
  @Render('admin/user-form')
  async editForm(@Param('id', ParseIntPipe) id: number) {
    const user = mapUser(await this.users.get(id));
    return userFormPage(await this.formOptions(), { user });
  }

  @Post(':id')
  async update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const current = mapUser(await this.users.get(id));
    return runForm(req, res, actor.locale, {
      dto: UserUpdateDto,
      input: body,
      labels: 'users',
      run: async (value) => {
        const result = await this.users.update(actor, id, value);
        if (!result.ok) throw new FormRejected(translateErrors(actor, result.errors));
        return result.user;
      },
      done: (user) => ({ redirect: '/admin/users', flash: translate(actor.locale, 'users.updated', { username: user.username }) }),
      // On 409 keep what the admin typed, show the current values, and let them save on top of the new version.
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('admin/user-form', userFormPage(await this.formOptions(), { user: current, values: stale ? { ...body, version: stale.version } : body, errors, message, stale: stale?.text })),
    });
  }

  @Post(':id/unlock')
  async unlock(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const user = await this.users.unlock(actor, id);
    flash(req, 'success', translate(actor.locale, 'users.unlocked', { username: user.username }));
    res.redirect(303, '/admin/users');
  }

  @Post(':id/deactivate')
  async deactivate(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const user = await this.users.setActive(actor, id, false);
    flash(req, 'success', translate(actor.locale, 'users.deactivated', { username: user.username }));
    res.redirect(303, '/admin/users');
  }

  @Post(':id/activate')
  async activate(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const user = await this.users.setActive(actor, id, true);
    flash(req, 'success', translate(actor.locale, 'users.activated', { username: user.username }));
    res.redirect(303, '/admin/users');
  }

  @Post(':id/totp-reset')
  async resetTotp(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const user = await this.users.resetTotp(actor, id);
    flash(req, 'success', translate(actor.locale, 'users.totpReset', { username: user.username }));
    res.redirect(303, `/admin/users/${id}/edit`);
  }

  @Post(':id/password')
  async resetPassword(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(PasswordResetDto, body, actor.locale, { password: 'users.newPassword' });
    const result = form.ok ? await this.users.resetPassword(actor, id, form.value.password) : form;
    if (!result.ok) {
      const user = mapUser(await this.users.get(id));
      return res.status(422).render('admin/user-form', userFormPage(await this.formOptions(), { user, passwordErrors: translateErrors(actor, result.errors) }));
    }
    flash(req, 'success', translate(actor.locale, 'users.passwordReset', { username: result.user.username }));
    res.redirect(303, '/admin/users');
  }
}
