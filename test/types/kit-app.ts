import { definePolicies } from '../../src/policy/kit.js'

/** The `App` type of the type tests. */
export type App = {
  principal: { department: string; teams: string[]; level: number }
  resources: {
    document: {
      actions: 'read' | 'edit' | 'delete' | 'share:link' | 'share:email'
      attr: {
        ownerId: string
        department: string
        status: 'draft' | 'published'
        size: number
        reviewedAt?: string
        address: { city: string }
        'a.b': boolean
      }
    }
    folder: { actions: 'list'; attr: { ownerId: string; shared: boolean } }
  }
  variables: { isOwner: boolean; quota: number }
  constants: { maxSize: number }
}

export const p = definePolicies<App>()
