import type { Api } from '../http/api';
import {
  articleList, articleParams, articleSchema, createBody, listQuery, publicList, suggestion, suggestQuery, updateBody,
} from './knowledge.schema';
import { presentArticle, presentPublicArticle, presentRanked } from './knowledge.presenter';
import type { KnowledgeService } from './knowledge.service';

export function knowledgeRoutes(api: Api, knowledge: KnowledgeService): void {
  api.route(
    { method: 'get', path: '/knowledge/articles', tag: 'knowledge', summary: '知识库条目（带 q 时按相关度排序）', query: listQuery, response: articleList },
    async ({ query }) => {
      const page = await knowledge.list(query);
      return { items: page.items.map(presentRanked(presentArticle)), total: page.total };
    },
  );

  api.route(
    { method: 'get', path: '/knowledge/articles/:id', tag: 'knowledge', summary: '知识库条目详情', params: articleParams, response: articleSchema },
    async ({ params }) => presentArticle(await knowledge.get(params.id)),
  );

  api.route(
    { method: 'post', path: '/knowledge/articles', tag: 'knowledge', summary: '新增知识库条目（律师、管理员）', body: createBody, status: 201, response: articleSchema },
    async ({ user, body }) => presentArticle(await knowledge.create(user, body)),
  );

  api.route(
    { method: 'put', path: '/knowledge/articles/:id', tag: 'knowledge', summary: '修改知识库条目（律师、管理员；version 过期则 409）', params: articleParams, body: updateBody, response: articleSchema },
    async ({ user, params, body }) => presentArticle(await knowledge.update(user, params.id, body)),
  );

  api.route(
    { method: 'get', path: '/knowledge/suggest', tag: 'knowledge', summary: '按来电内容推荐最相关的 3 条已发布答案，并说明首条是否可直接解答', query: suggestQuery, response: suggestion },
    async ({ query }) => {
      const { items, confident } = await knowledge.suggest(query.text);
      return { items: items.map(presentRanked(presentArticle)), confident };
    },
  );

  api.publicRoute(
    { method: 'get', path: '/public/knowledge', tag: 'knowledge', summary: '公开的劳动法律知识（仅已发布条目，无需登录）', query: listQuery, response: publicList },
    async ({ query }) => {
      const page = await knowledge.list(query, true);
      return { items: page.items.map(presentRanked(presentPublicArticle)), total: page.total };
    },
  );
}
