// Russian display names of every code the console shows (short forms of shared/taxonomy/labels.json).
export const topicNames: Record<string, string> = {
  zhkh: 'ЖКХ', roads: 'Дороги', transport: 'Общественный транспорт', health: 'Здравоохранение', education: 'Образование',
  improvement: 'Благоустройство', ecology: 'Экология', social: 'Социальная защита', safety: 'Безопасность и ЧС',
  economy: 'Экономика и труд', construction: 'Строительство', culture_sport: 'Культура и спорт', other: 'Прочее',
};

export const locationNames: Record<string, string> = {
  lipetsk_city: 'г. Липецк', yelets_city: 'г. Елец', volovsky: 'Воловский р-н', gryazinsky: 'Грязинский р-н',
  dankovsky: 'Данковский р-н', dobrinsky: 'Добринский р-н', dobrovsky: 'Добровский р-н', dolgorukovsky: 'Долгоруковский р-н',
  yeletsky: 'Елецкий р-н', zadonsky: 'Задонский р-н', izmalkovsky: 'Измалковский р-н', krasninsky: 'Краснинский р-н',
  lebedyansky: 'Лебедянский р-н', lev_tolstovsky: 'Лев-Толстовский р-н', lipetsky: 'Липецкий р-н', stanovlyansky: 'Становлянский р-н',
  terbunsky: 'Тербунский р-н', usmansky: 'Усманский р-н', khlevensky: 'Хлевенский р-н', chaplyginsky: 'Чаплыгинский р-н',
  unknown: 'Не определено',
};

export const authorityNames: Record<string, string> = {
  health_dept: 'Управление здравоохранения', education_dept: 'Управление образования и науки', housing_dept: 'Управление ЖКХ',
  housing_inspection: 'Госжилинспекция', roads_dept: 'Управление дорог и транспорта', social_dept: 'Управление социальной политики',
  ecology_dept: 'Управление экологии', construction_dept: 'Управление строительства и архитектуры', culture_dept: 'Управление культуры и туризма',
  sport_dept: 'Управление физкультуры и спорта', economy_dept: 'Управление экономического развития', labor_dept: 'Управление труда и занятости',
  civil_defense_dept: 'Управление гражданской защиты', vet_dept: 'Управление ветеринарии', lipetsk_city_admin: 'Администрация г. Липецка',
  yelets_city_admin: 'Администрация г. Ельца', district_admin: 'Администрация района', none: 'Не требуется',
};

export const importanceNames: Record<string, string> = { critical: 'Критическая', high: 'Высокая', normal: 'Обычная', low: 'Низкая' };

export const sourceNames: Record<string, string> = { vk: 'ВКонтакте', ok: 'Одноклассники', telegram: 'Telegram', video: 'Видеохостинги', web: 'Сайты' };

export const stageNames: Record<string, string> = {
  route: 'Направление исполнителю', return: 'Возврат', reroute: 'Перенаправление', draft: 'Проект ответа', review: 'Согласование',
  rework: 'Доработка', publish: 'Публикация', answer: 'Ответ автору', final: 'Окончательный ответ', contribution: 'Вклад соисполнителя',
};

export const eventNames: Record<string, string> = {
  created: 'Создано', routed: 'Направлено исполнителю', returned: 'Возвращено', rerouted: 'Перенаправлено', received: 'Принято в работу',
  contribution_submitted: 'Вклад соисполнителя', draft_submitted: 'Проект ответа', interim_submitted: 'Промежуточный ответ',
  clarification_requested: 'Запрос уточнения', approved: 'Согласовано', rework_requested: 'На доработку', published: 'Опубликовано',
  final_published: 'Окончательный ответ опубликован', closed: 'Закрыто', outage_started: 'Начало сбоя', outage_ended: 'Конец сбоя',
  importance_changed: 'Изменена важность', reclassified: 'Уточнены тема или место',
};

export const statusNames: Record<string, string> = {
  created: 'Новое', routed: 'У исполнителя', received: 'В работе', returned: 'Возвращено', in_review: 'На согласовании',
  rework: 'На доработке', approved: 'Согласовано', awaiting_final: 'Ждёт окончательного ответа', answered: 'Отвечено', closed: 'Закрыто',
};

export const nameOf = (names: Record<string, string>, code: string): string => names[code] ?? code;
